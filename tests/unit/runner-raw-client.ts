/**
 * Raw frames to the runner, for the security tests only: they send what no real client would (forged ids, frames
 * outside the protocol, requests after the session ended). Everything else talks to the runner through
 * `LocalRuntime` (`openRuntime` in runner-harness.ts).
 */
import WebSocket from 'ws';
import { serverMessageSchema, type ClientMessage, type ServerMessage } from '../../src/schemas/runner.ts';
import { Arrivals, type TestRunner } from './runner-harness.ts';

export class RawClient {
  readonly ws: WebSocket;
  readonly #arrivals = new Arrivals<ServerMessage>();
  #nextId = 1;
  closeCode: number | undefined;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      // Every message the runner sends must match the protocol schema.
      this.#arrivals.push(serverMessageSchema.parse(JSON.parse(data.toString())));
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      this.#arrivals.end(new Error(`socket closed (${code})`));
    });
  }

  /** Every message received so far, in order. */
  get received(): readonly ServerMessage[] {
    return this.#arrivals.seen;
  }

  static connect(t: TestRunner): Promise<RawClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${t.port}/__archlab/runner`, { headers: { cookie: t.cookie, origin: t.origin } });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new RawClient(ws)));
      ws.once('error', reject);
    });
  }

  send(message: ClientMessage | Record<string, unknown>): void {
    this.ws.send(JSON.stringify(message));
  }

  /** Resolves with the first received message (already received or future) satisfying `test`. */
  waitFor<T extends ServerMessage>(test: (m: ServerMessage) => m is T, timeout?: number): Promise<T>;
  waitFor(test: (m: ServerMessage) => boolean, timeout?: number): Promise<ServerMessage>;
  waitFor(test: (m: ServerMessage) => boolean, timeout = 5000): Promise<ServerMessage> {
    return this.#arrivals.waitFor(test, 'the awaited message', timeout);
  }

  /** Sends a request with a fresh id and resolves with its one reply. */
  async request(message: Record<string, unknown>, timeout?: number): Promise<ServerMessage> {
    const id = this.#nextId++;
    this.send({ ...message, id });
    return this.waitFor((m) => 'id' in m && m.id === id, timeout);
  }

  async open(exerciseId: string): Promise<Extract<ServerMessage, { type: 'opened' }>> {
    const reply = await this.request({ type: 'open', exerciseId });
    if (reply.type !== 'opened') throw new Error(`open failed: ${JSON.stringify(reply)}`);
    return reply;
  }

  async spawn(type: 'shell' | 'run'): Promise<Extract<ServerMessage, { type: 'spawned' }>> {
    const reply = await this.request({ type, cols: 80, rows: 24 });
    if (reply.type !== 'spawned') throw new Error(`${type} failed: ${JSON.stringify(reply)}`);
    return reply;
  }

  /** Everything pty `pty` printed so far. */
  output(pty: number): string {
    return this.received.map((m) => (m.type === 'output' && m.pty === pty ? m.data : '')).join('');
  }

  waitForOutput(pty: number, pattern: RegExp, timeout?: number): Promise<ServerMessage> {
    return this.waitFor(() => pattern.test(this.output(pty)), timeout);
  }

  close(): void {
    this.ws.close();
  }

  closed(): Promise<number> {
    return new Promise((resolve) => (this.closeCode !== undefined ? resolve(this.closeCode) : this.ws.once('close', resolve)));
  }
}

