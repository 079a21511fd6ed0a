/**
 * Bounded capture of a stream: keeps the first bytes and the last bytes and counts what fell in between, so an
 * endless printer costs a fixed amount of memory while the learner still sees how the output began and ended.
 */
const TAIL_SHARE = 0.25;

export class OutputCap {
  readonly limit: number;
  private readonly headLimit: number;
  private readonly tailLimit: number;
  private head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer = Buffer.alloc(0);
  private skipped = 0;

  constructor(limit: number) {
    this.limit = Math.max(0, Math.floor(limit));
    this.tailLimit = Math.floor(this.limit * TAIL_SHARE);
    this.headLimit = this.limit - this.tailLimit;
  }

  write(chunk: Buffer | string): void {
    let data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (this.headBytes < this.headLimit) {
      const take = data.subarray(0, this.headLimit - this.headBytes);
      this.head.push(take);
      this.headBytes += take.length;
      data = data.subarray(take.length);
    }
    if (data.length === 0) return;
    const joined = this.tail.length ? Buffer.concat([this.tail, data]) : data;
    const overflow = Math.max(0, joined.length - this.tailLimit);
    this.skipped += overflow;
    this.tail = Buffer.from(joined.subarray(overflow));
  }

  /** Total bytes written so far. */
  get bytes(): number {
    return this.headBytes + this.skipped + this.tail.length;
  }

  get truncated(): boolean {
    return this.skipped > 0;
  }

  /** The kept output as text, within the limit, with a line saying how much was left out when something was. */
  text(): string {
    const head = Buffer.concat(this.head).toString();
    if (!this.skipped) return head + this.tail.toString();
    // The note takes the place of the tail's first bytes, so the whole text stays within the limit.
    const gap = (skipped: number) => `${head.endsWith('\n') || head === '' ? '' : '\n'}… ${skipped} bytes of output not shown …\n`;
    const cut = Math.min(this.tail.length, Buffer.byteLength(gap(this.skipped + this.tail.length)));
    return head + gap(this.skipped + cut) + this.tail.subarray(cut).toString();
  }
}
