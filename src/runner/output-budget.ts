/**
 * A token bucket over terminal output: a program may print a burst of one second's worth, then no faster than the
 * rate. The caller pauses the pty while the bucket is empty, so a runaway loop is slowed (its writes block, as on
 * a slow terminal) instead of flooding the socket and the browser.
 */
export class OutputBudget {
  readonly #bytesPerSecond: number;
  #tokens: number;
  #last = performance.now();

  constructor(bytesPerSecond: number) {
    this.#bytesPerSecond = bytesPerSecond;
    this.#tokens = bytesPerSecond;
  }

  /** Spends `bytes`; returns the milliseconds to wait before more output is allowed (0: none). */
  spend(bytes: number): number {
    const now = performance.now();
    this.#tokens = Math.min(this.#bytesPerSecond, this.#tokens + ((now - this.#last) * this.#bytesPerSecond) / 1000);
    this.#last = now;
    this.#tokens -= bytes;
    return this.#tokens >= 0 ? 0 : Math.ceil((-this.#tokens * 1000) / this.#bytesPerSecond);
  }
}
