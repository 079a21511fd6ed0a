/**
 * One WebSocket: validates every message, holds at most one session, answers each request once, and ends the
 * session when the socket closes or stays idle too long. Requests are handled one after another, so a `read` sent
 * after a `write` sees the write; only grading runs beside the queue, since it takes seconds.
 */
import type { RawData, WebSocket } from 'ws';
import type { CheckProgress } from '../schemas/check-progress.ts';
import { describeIssues } from '../schemas/issues.ts';
import { clientMessageSchema, type ClientMessage, type Limits, type ServerMessage } from '../schemas/runner.ts';
import { RequestError } from './request-error.ts';
import { Session } from './session.ts';

export interface RunnerState {
  repoRoot: string;
  limits: Limits;
  maxSessions: number;
  /** Live sessions by id (the preview proxy looks them up here). */
  sessions: Map<string, Session>;
  /** Sessions being opened right now; they count against `maxSessions`. */
  opening: number;
  previewUrl(sessionId: string, port: number): string;
}

/** Close code sent with `ended` and with a refused `open` past the session cap (RFC 6455: try again later). */
const TRY_AGAIN_LATER = 1013;

/** Parses one frame; returns the message or the `error` reply to send instead. */
export function parseClientMessage(raw: RawData | string, isBinary: boolean): ClientMessage | Extract<ServerMessage, { type: 'error' }> {
  if (isBinary) return { type: 'error', code: 'bad-message', message: 'expected a JSON text frame, got binary data' };
  let json: unknown;
  try {
    json = JSON.parse(raw.toString());
  } catch (error) {
    return { type: 'error', code: 'bad-message', message: `not JSON: ${(error as Error).message}` };
  }
  const parsed = clientMessageSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const id = (json as { id?: unknown } | null)?.id;
  // A well-formed request whose only fault is a path gets the same code as a path refused on disk.
  const pathOnly = parsed.error.issues.every((issue) => ['path', 'files'].includes(String(issue.path[0])) && issue.code !== 'invalid_type');
  const reply = { type: 'error', code: pathOnly ? 'bad-path' : 'bad-message', message: describeIssues(parsed.error, { whole: 'message' }) } as const;
  return Number.isSafeInteger(id) && (id as number) >= 0 ? { ...reply, id: id as number } : reply;
}

export class Connection {
  readonly #ws: WebSocket;
  readonly #state: RunnerState;
  readonly #idle: NodeJS.Timeout;
  #session: Session | undefined;
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(ws: WebSocket, state: RunnerState) {
    this.#ws = ws;
    this.#state = state;
    this.#idle = setTimeout(() => void this.end('idle'), state.limits.idleMs);
    ws.on('message', (raw, isBinary) => {
      this.touch();
      const message = parseClientMessage(raw, isBinary);
      if (message.type === 'error') return this.#send(message);
      this.#queue = this.#queue.then(() => this.#handle(message));
    });
    ws.on('close', () => void this.#dispose());
    ws.on('error', () => void this.#dispose());
  }

  /** Activity from the learner (a message, a preview request) postpones the idle limit. */
  touch(): void {
    this.#idle.refresh();
  }

  #send(message: ServerMessage): void {
    if (this.#ws.readyState === this.#ws.OPEN) this.#ws.send(JSON.stringify(message));
  }

  #fail(id: number | undefined, error: unknown): void {
    const reply =
      error instanceof RequestError
        ? { type: 'error' as const, code: error.code, message: error.message }
        : { type: 'error' as const, code: 'internal' as const, message: `the runner failed: ${(error as Error)?.message ?? String(error)}` };
    this.#send(id === undefined ? reply : { ...reply, id });
  }

  #requireSession(): Session {
    if (!this.#session) throw new RequestError('no-session', 'send "open" with an exercise id first');
    return this.#session;
  }

  async #handle(message: ClientMessage): Promise<void> {
    const id = 'id' in message ? message.id : undefined;
    try {
      await this.#dispatch(message);
    } catch (error) {
      this.#fail(id, error);
    }
  }

  async #dispatch(message: ClientMessage): Promise<void> {
    switch (message.type) {
      case 'open':
        return this.#open(message.id, message.exerciseId);
      case 'mount':
        await this.#requireSession().files.writeAll(message.files);
        return this.#send({ type: 'ok', id: message.id });
      case 'write':
        await this.#requireSession().files.writeAll({ [message.path]: message.contents });
        return this.#send({ type: 'ok', id: message.id });
      case 'read': {
        const contents = await this.#requireSession().files.read(message.path);
        return this.#send({ type: 'file', id: message.id, path: message.path, contents });
      }
      case 'list': {
        const { paths, truncated } = await this.#requireSession().files.list();
        return this.#send({ type: 'listing', id: message.id, paths, truncated });
      }
      case 'shell':
      case 'run': {
        const session = this.#requireSession();
        const { pty, port } = await session[message.type](message.cols, message.rows);
        return this.#send({ type: 'spawned', id: message.id, pty, kind: message.type, port });
      }
      case 'input':
        return this.#requireSession().input(message.pty, message.data);
      case 'resize':
        return this.#requireSession().resize(message.pty, message.cols, message.rows);
      case 'kill':
        return this.#requireSession().kill(message.pty);
      case 'check': {
        const session = this.#requireSession();
        const learnerFiles = await session.learnerFiles();
        const onProgress = (progress: CheckProgress) => this.#send({ type: 'check-progress', id: message.id, progress });
        void session.grade(learnerFiles, onProgress).then(
          (results) => this.#send({ type: 'results', id: message.id, results }),
          (error: unknown) => this.#fail(message.id, error),
        );
        return;
      }
    }
  }

  async #open(id: number, exerciseId: string): Promise<void> {
    if (this.#session) throw new RequestError('already-open', 'this connection already has a sandbox open; open a new connection for another');
    const state = this.#state;
    if (state.sessions.size + state.opening >= state.maxSessions) {
      this.#send({
        type: 'error',
        id,
        code: 'session-limit',
        message: `the runner already has ${state.maxSessions} sandboxes open (its limit); close an exercise in another tab and reload this one`,
      });
      this.#ws.close(TRY_AGAIN_LATER, 'too many sandboxes');
      return;
    }
    state.opening++;
    try {
      const { session, starter } = await Session.open(state.repoRoot, exerciseId, state.limits, {
        send: (m) => this.#send(m),
        backlog: () => this.#ws.bufferedAmount,
        previewUrl: state.previewUrl,
        touch: () => this.touch(),
      });
      this.#session = session;
      state.sessions.set(session.id, session);
      this.#send({ type: 'opened', id, sessionId: session.id, files: starter });
    } finally {
      state.opening--;
    }
    // The socket may have closed while the folder was being prepared.
    if (this.#closed) await this.#dispose();
  }

  /** Ends the session because of `reason`, tells the client, and closes the socket. */
  async end(reason: 'idle' | 'shutdown'): Promise<void> {
    const idleMs = this.#state.limits.idleMs;
    const idle = idleMs >= 60000 ? `${Math.round(idleMs / 60000)} minutes` : `${Math.round(idleMs / 1000)} seconds`;
    const message =
      reason === 'idle' ? `the sandbox ended after ${idle} without activity; reload the page to start again` : 'the runner is stopping';
    this.#closed = true;
    // Let a request in progress (an `open`, say) finish, so the session it creates is ended too.
    await this.#queue;
    if (this.#session) this.#send({ type: 'ended', reason, message });
    await this.#dispose();
    this.#ws.close(reason === 'idle' ? 1000 : 1001, reason);
  }

  async #dispose(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#idle);
    const session = this.#session;
    if (!session) return;
    this.#session = undefined;
    this.#state.sessions.delete(session.id);
    await session.end();
  }
}
