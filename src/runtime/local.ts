/**
 * LocalRuntime: the page's client of the local runner (`src/runner/`) over one WebSocket on the page's own origin,
 * speaking the protocol in `src/schemas/runner.ts`. The workspace asks `GET /__archlab/runner` first
 * (`runner-probe.ts`: is there a runner, and may this browser use it); a socket that then does not open and answer
 * `open` in time still means no runner here. After a lost connection the same probe tells a restart apart.
 */
import type { FileMap } from '../schemas/files.ts';
import { describeIssues } from '../schemas/issues.ts';
import type { OnCheckProgress } from '../schemas/check-progress.ts';
import type { Results } from '../schemas/results.ts';
import { RUNNER_PATH, serverMessageSchema, type ClientMessage, type RunnerErrorCode, type ServerMessage } from '../schemas/runner.ts';
import { Listeners } from './listeners.ts';
import { runnerBackNotice, waitForRunner, type RunnerAccess } from './runner-probe.ts';
import { PtyOutput, ptyProcess } from './pty-stream.ts';
import { withTimeout } from './timeout.ts';
import type { PtyProcess, SandboxRuntime, SpawnOptions } from './types.ts';

/** The part of the browser's WebSocket this client uses (tests pass a fake). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export interface LocalConnectOptions {
  /** Defaults to `ws(s)://<this page's host>/__archlab/runner`. */
  url?: string;
  /** How long connecting waits for the socket and the `opened` reply. */
  timeoutMs?: number;
  createSocket?: (url: string) => SocketLike;
  /** When given, a lost connection is followed by asking this until the runner answers, to tell the learner what
   *  to do (a restarted server has a new token). */
  probe?: () => Promise<RunnerAccess>;
}

const SOCKET_OPEN = 1;

type Reply<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;
type Request = Extract<ClientMessage, { id: number }>;
type RequestBody = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;

interface Pending {
  expect: ServerMessage['type'];
  /** Progress of a `check` request, which stays pending until its results. */
  onProgress?: OnCheckProgress;
  resolve(message: ServerMessage): void;
  reject(error: Error): void;
}

/** A request the runner refused; `code` says why (`src/schemas/runner.ts`, `errorCodes`). */
export class RunnerError extends Error {
  override name = 'RunnerError';
  readonly code: RunnerErrorCode;
  constructor(reply: Extract<ServerMessage, { type: 'error' }>) {
    super(reply.message);
    this.code = reply.code;
  }
}

/** A process on one of the runner's ptys: its id in the session and the `PORT` it was given. */
export interface LocalPty extends PtyProcess {
  readonly id: number;
  readonly port: number;
}

interface LivePty {
  output: PtyOutput;
  settle(code: number | null): void;
}

export function runnerUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${RUNNER_PATH}`;
}

export class LocalRuntime implements SandboxRuntime {
  readonly kind = 'local' as const;
  readonly #socket: SocketLike;
  readonly #pending = new Map<number, Pending>();
  readonly #ptys = new Map<number, LivePty>();
  readonly #serverReady = new Listeners<[number, string]>();
  readonly #notices = new Listeners<[string]>();
  readonly #invalid = new Listeners<[string, string]>();
  readonly #probe: (() => Promise<RunnerAccess>) | undefined;
  readonly #disposed = new AbortController();
  #nextId = 1;
  #sessionId = '';
  #closed: string | undefined;

  private constructor(socket: SocketLike, probe: (() => Promise<RunnerAccess>) | undefined) {
    this.#socket = socket;
    this.#probe = probe;
    socket.addEventListener('message', (event) => this.#receive(event.data));
    socket.addEventListener('close', () => this.#lost('the connection to the local runner closed'));
  }

  /**
   * Opens a sandbox of `exerciseId` on the runner, which copies the exercise's starter into it. Rejects with a
   * sentence saying why when there is no runner or it refuses.
   */
  static async create(exerciseId: string, options: LocalConnectOptions = {}): Promise<LocalRuntime> {
    const url = options.url ?? runnerUrl(location);
    const socket = (options.createSocket ?? ((u) => new WebSocket(u)))(url);
    const opened = new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve());
      socket.addEventListener('error', () => reject(new Error('the page’s server offers no local runner')));
      socket.addEventListener('close', () => reject(new Error('the page’s server offers no local runner')));
    });
    const runtime = new LocalRuntime(socket, options.probe);
    try {
      const reply = await withTimeout(
        opened.then(() => runtime.#request({ type: 'open', exerciseId }, 'opened')),
        options.timeoutMs ?? 5000,
        'the local runner did not answer in time',
      );
      runtime.#sessionId = reply.sessionId;
      return runtime;
    } catch (error) {
      socket.close();
      throw error;
    }
  }

  #send(message: ClientMessage): void {
    if (this.#closed) throw new Error(this.#closed);
    this.#socket.send(JSON.stringify(message));
  }

  #request<T extends ServerMessage['type']>(body: RequestBody, expect: T, onProgress?: OnCheckProgress): Promise<Reply<T>> {
    const id = this.#nextId++;
    return new Promise<Reply<T>>((resolve, reject) => {
      this.#pending.set(id, { expect, onProgress, resolve: resolve as (m: ServerMessage) => void, reject });
      try {
        this.#send({ ...body, id } as Request);
      } catch (error) {
        this.#pending.delete(id);
        reject(error as Error);
      }
    });
  }

  #receive(data: unknown): void {
    let message: ServerMessage;
    try {
      const parsed = serverMessageSchema.safeParse(JSON.parse(String(data)));
      if (!parsed.success) throw new Error(describeIssues(parsed.error, { whole: 'message' }));
      message = parsed.data;
    } catch (error) {
      const problem = (error as Error).message;
      this.#invalid.emit(problem, String(data));
      this.#notices.emit(`The local runner sent a message this page does not understand (${problem}).`);
      return;
    }
    if ('id' in message && message.id !== undefined) {
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      if (message.type === 'check-progress') return pending.onProgress?.(message.progress);
      this.#pending.delete(message.id);
      if (message.type === 'error') pending.reject(new RunnerError(message));
      else if (message.type !== pending.expect) pending.reject(new Error(`the local runner answered "${message.type}" to a request expecting "${pending.expect}"`));
      else pending.resolve(message);
      return;
    }
    switch (message.type) {
      case 'output':
        this.#ptys.get(message.pty)?.output.push(message.data);
        return;
      case 'exit':
        this.#ptys.get(message.pty)?.settle(message.code);
        this.#ptys.delete(message.pty);
        return;
      case 'server-ready':
        return this.#serverReady.emit(message.port, message.url);
      case 'notice':
      case 'ended':
      case 'error':
        return this.#notices.emit(message.message);
    }
  }

  /** The socket closed before the page let it go: the learner is told. */
  #lost(reason: string): void {
    if (this.#closed) return;
    this.#end(reason);
    this.#notices.emit(`The sandbox stopped: ${reason}. Reload the page to start a new one.`);
    if (this.#probe && !this.#disposed.signal.aborted) {
      void waitForRunner({ probe: this.#probe, signal: this.#disposed.signal }).then((access) => access && this.#notices.emit(runnerBackNotice(access)));
    }
  }

  /** Every waiting request fails and every process counts as ended. */
  #end(reason: string): void {
    this.#closed = reason;
    for (const pending of this.#pending.values()) pending.reject(new Error(reason));
    this.#pending.clear();
    for (const pty of this.#ptys.values()) pty.settle(null);
    this.#ptys.clear();
  }

  async mount(files: FileMap): Promise<void> {
    await this.#request({ type: 'mount', files }, 'ok');
  }

  async writeFile(path: string, contents: string): Promise<void> {
    await this.#request({ type: 'write', path, contents }, 'ok');
  }

  async readFile(path: string): Promise<string> {
    return (await this.#request({ type: 'read', path }, 'file')).contents;
  }

  async list(): Promise<{ paths: string[]; truncated: boolean }> {
    const { paths, truncated } = await this.#request({ type: 'list' }, 'listing');
    return { paths, truncated };
  }

  async #spawn(kind: 'shell' | 'run', { cols, rows }: SpawnOptions): Promise<LocalPty> {
    const { pty, port } = await this.#request({ type: kind, cols, rows }, 'spawned');
    const output = new PtyOutput();
    let settle!: (code: number | null) => void;
    const exit = new Promise<number | null>((resolve) => (settle = resolve));
    this.#ptys.set(pty, { output, settle });
    const process = ptyProcess(output, exit, {
      write: (data) => this.#sendQuietly({ type: 'input', pty, data }),
      resize: (c, r) => this.#sendQuietly({ type: 'resize', pty, cols: c, rows: r }),
      kill: () => this.#sendQuietly({ type: 'kill', pty }),
    });
    return Object.assign(process, { id: pty, port });
  }

  /** Fire-and-forget messages to a closed socket are dropped: the learner was already told it closed. */
  #sendQuietly(message: ClientMessage): void {
    if (!this.#closed && this.#socket.readyState === SOCKET_OPEN) this.#send(message);
  }

  shell(options: SpawnOptions): Promise<LocalPty> {
    return this.#spawn('shell', options);
  }

  /** The runner ends the previous run itself before starting the new one. */
  run(options: SpawnOptions): Promise<LocalPty> {
    return this.#spawn('run', options);
  }

  onServerReady(listener: (port: number, url: string) => void): () => void {
    return this.#serverReady.add(listener);
  }

  onNotice(listener: (message: string) => void): () => void {
    return this.#notices.add(listener);
  }

  /** Called with what was wrong and the frame itself whenever the runner sends a message outside the protocol. */
  onInvalidMessage(listener: (problem: string, frame: string) => void): () => void {
    return this.#invalid.add(listener);
  }

  /** The runner's id of this session (random; also the capability in the preview host name). */
  get sessionId(): string {
    return this.#sessionId;
  }

  async check(onProgress?: OnCheckProgress): Promise<Results> {
    return (await this.#request({ type: 'check' }, 'results', onProgress)).results;
  }

  async dispose(): Promise<void> {
    this.#disposed.abort();
    if (!this.#closed) this.#end('the sandbox was closed');
    this.#socket.close(1000, 'page closed');
  }
}
