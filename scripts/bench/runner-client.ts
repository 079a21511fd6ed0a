/**
 * A client of the local runner's WebSocket protocol (src/schemas/runner.ts) that does what the workspace does in
 * the browser: visit the token link to get the runner cookie, connect with the page's Origin, then send requests and
 * wait for their replies and for process events. Every message from the runner is validated.
 */
import WebSocket from 'ws';
import { tokenLink } from '../../src/runner/token.ts';
import { RUNNER_PATH, serverMessageSchema, type ClientMessage, type ServerMessage } from '../../src/schemas/runner.ts';
import { httpGet } from './http-get.ts';
import { MessageLog } from './message-log.ts';
import { NotMeasured } from './not-measured.ts';

/** A request as the caller writes it; the client adds the id. */
type Outgoing = ClientMessage extends infer M ? (M extends { id: number } ? Omit<M, 'id'> : never) : never;
type FireAndForget = Exclude<ClientMessage, { id: number }>;
type ErrorReply = Extract<ServerMessage, { type: 'error' }>;

export class RunnerError extends Error {
  override name = 'RunnerError';
  readonly code: ErrorReply['code'];
  constructor(reply: ErrorReply) {
    super(`${reply.code}: ${reply.message}`);
    this.code = reply.code;
  }
}

export class RunnerClient {
  readonly #ws: WebSocket;
  #nextId = 1;
  /** Unprompted messages (process events, notices), kept so a wait can find one that already arrived. */
  readonly #events = new MessageLog<ServerMessage>();
  readonly #replies = new Map<number, { resolve(m: ServerMessage): void; reject(e: Error): void }>();
  /** Frames from the runner that did not match the protocol: a failure of the runner, not of the client. */
  readonly invalid: string[] = [];
  #closedBecause: Error | null = null;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (raw) => this.#receive(raw.toString()));
    ws.on('close', (code, reason) => this.#closed(new Error(`the runner closed the connection (${code}${reason.length ? ` ${reason}` : ''})`)));
    ws.on('error', (error) => this.#closed(error));
  }

  /** Connects to the runner of the site served on `port` (started with `token`), as a page from `http://localhost:<port>` would. */
  static async connect(port: number, token: string): Promise<RunnerClient> {
    const host = `localhost:${port}`;
    const probe = await httpGet(port, RUNNER_PATH, { host });
    if (probe.status !== 200) throw new NotMeasured(`the site server does not host the local runner (GET ${RUNNER_PATH} answered ${probe.status})`);
    const link = new URL(tokenLink(`http://${host}`, token));
    const login = await httpGet(port, link.pathname + link.search, { host });
    if (login.status !== 302) throw new NotMeasured(`the token link answered ${login.status}, not a redirect with the runner cookie`);
    const cookies = [login.headers['set-cookie'] ?? []].flat().map((c) => c.split(';', 1)[0]);
    const ws = new WebSocket(`ws://${host}${RUNNER_PATH}`, { family: 4, origin: `http://${host}`, headers: { cookie: cookies.join('; ') } });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`the runner refused the WebSocket with ${res.statusCode}`)));
    });
    return new RunnerClient(ws);
  }

  /** Sends a request and resolves with its reply; an `error` reply rejects with a RunnerError. */
  request(message: Outgoing, timeoutMs = 60_000): Promise<ServerMessage> {
    if (this.#closedBecause) return Promise.reject(this.#closedBecause);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#replies.delete(id);
        reject(new Error(`no reply to "${message.type}" within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.#replies.set(id, {
        resolve: (m) => (clearTimeout(timer), resolve(m)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.#ws.send(JSON.stringify({ ...message, id }));
    });
  }

  send(message: FireAndForget): void {
    this.#ws.send(JSON.stringify(message));
  }

  /** The first unprompted message (already received or still to come) that passes `test`. */
  waitFor<T extends ServerMessage>(test: (m: ServerMessage) => m is T, what: string, timeoutMs = 60_000): Promise<T> {
    return this.#events.waitFor(test, what, timeoutMs);
  }

  close(): Promise<void> {
    if (this.#ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.#ws.once('close', () => resolve());
      this.#ws.close();
    });
  }

  #receive(text: string): void {
    let message: ServerMessage;
    try {
      const parsed = serverMessageSchema.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error(parsed.error.issues[0]?.message);
      message = parsed.data;
    } catch (error) {
      this.invalid.push(`${(error as Error).message}: ${text.slice(0, 200)}`);
      return;
    }
    const id = 'id' in message ? message.id : undefined;
    const pending = id === undefined ? undefined : this.#replies.get(id);
    if (pending && id !== undefined) {
      this.#replies.delete(id);
      if (message.type === 'error') pending.reject(new RunnerError(message));
      else pending.resolve(message);
      return;
    }
    this.#events.push(message);
  }

  #closed(error: Error): void {
    this.#closedBecause ??= error;
    for (const pending of this.#replies.values()) pending.reject(error);
    this.#replies.clear();
    this.#events.fail(error);
  }
}
