/**
 * The local runner's WebSocket protocol (`/__archlab/runner`): JSON text frames, one message each.
 *
 * Conversation: the page opens the socket (the runner's token cookie and a same-origin `Origin` are checked on
 * upgrade), sends `open`, and receives `opened` with the session id and the starter files. A socket holds at most
 * one session; the session, with every process it started, ends when the socket closes, when the runner sends
 * `ended`, or when the runner stops.
 *
 * Requests (`open`, `mount`, `write`, `read`, `list`, `shell`, `run`, `check`) carry a client-chosen `id`; the
 * runner answers each with exactly one reply carrying the same `id`: the reply named beside the request, or
 * `error`. `input`, `resize` and `kill` are fire-and-forget (an `error` without `id` reports a problem with them).
 * Process events (`output`, `exit`, `server-ready`) and `notice`/`ended` arrive unprompted.
 *
 * Paths are relative to the exercise folder with forward slashes (`server.js`, `public/index.html`); anything
 * that would leave the session's folder (`..`, absolute, NUL, backslash, a symlink pointing outside) is refused
 * with `error` code `bad-path`.
 *
 * Compatibility: fields may be added to messages and new message types may appear; a client ignores what it does
 * not know. Existing fields keep their meaning.
 */
import { z } from 'zod';
import { checkProgressSchema } from './check-progress.ts';
import { exerciseId } from './common.ts';
import { relativePath } from './exercise.ts';
import { fileMapSchema } from './files.ts';
import { resultsSchema } from './results.ts';

/** The path of the WebSocket endpoint on the page's own origin. */
export const RUNNER_PATH = '/__archlab/runner';

/**
 * `GET /__archlab/runner` on the page's origin answers this JSON when the page's server hosts a runner (a static
 * host answers 404). `authorized` says whether the request carried the runner's token cookie, which only the
 * link the server printed sets; the probe itself never sets it. A browser cannot see why a WebSocket upgrade was
 * refused, so the workspace asks here first and can tell the learner to open that link.
 */
export const runnerProbeSchema = z.strictObject({ runner: z.literal(true), authorized: z.boolean() });
export type RunnerProbe = z.output<typeof runnerProbeSchema>;

/** Client-chosen request id, echoed in the reply. */
const requestId = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** Runner-assigned id of a process on a pty, unique within a session. */
const ptyId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** File contents are UTF-8 text. The runner's caps (`Limits`) bound their size. */
const fileContents = z.string();


const terminalSize = {
  cols: z.number().int().min(1).max(1000),
  rows: z.number().int().min(1).max(1000),
};

// ---------------------------------------------------------------------------------------------------------------
// Client → runner

export const clientMessageSchema = z.discriminatedUnion('type', [
  /** Start the session: copies the exercise's `starter/` and the lesson's shared files into a fresh folder. Reply: `opened`. */
  z.strictObject({ type: z.literal('open'), id: requestId, exerciseId }),
  /** Write these files (all validated first; none written if one is refused). Other files stay. Reply: `ok`. */
  z.strictObject({ type: z.literal('mount'), id: requestId, files: fileMapSchema }),
  /** Create or replace one file, creating parent folders. Reply: `ok`. */
  z.strictObject({ type: z.literal('write'), id: requestId, path: relativePath, contents: fileContents }),
  /** Reply: `file`. */
  z.strictObject({ type: z.literal('read'), id: requestId, path: relativePath }),
  /** Every file in the session folder (including ones the terminal created). Reply: `listing`. */
  z.strictObject({ type: z.literal('list'), id: requestId }),
  /**
   * An interactive shell (bash, else sh) in the exercise folder, with its own free port as `PORT`. Reply:
   * `spawned`; later `server-ready` if a program started in it listens on that port.
   */
  z.strictObject({ type: z.literal('shell'), id: requestId, ...terminalSize }),
  /**
   * Run exercise.json's `main` with a free port as `PORT`, ending the previous run (and its whole process tree)
   * first. Reply: `spawned` (with `port`); later `server-ready` once the program accepts connections on it.
   */
  z.strictObject({ type: z.literal('run'), id: requestId, ...terminalSize }),
  /** Keystrokes or pasted text for a pty. */
  z.strictObject({ type: z.literal('input'), pty: ptyId, data: z.string().max(65536) }),
  z.strictObject({ type: z.literal('resize'), pty: ptyId, ...terminalSize }),
  /** End the pty's process and every process it started (even ones that left its process group). */
  z.strictObject({ type: z.literal('kill'), pty: ptyId }),
  /**
   * Grade the exercise's editable files as they are now in the session folder. Reply: `results`, after any number
   * of `check-progress` messages with the same id as the checks run.
   */
  z.strictObject({ type: z.literal('check'), id: requestId }),
]);

export type ClientMessage = z.output<typeof clientMessageSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Runner → client

/**
 * The runner's caps for one session; a request past one is refused with `limit` naming the cap. They are the
 * runner's settings, not part of any message.
 */
export interface Limits {
  /** Files the session may hold through `open`/`mount`/`write`. */
  maxFiles: number;
  /** Bytes (UTF-8) of one file for `write`/`mount`/`read`. */
  maxFileBytes: number;
  /** Bytes of all files written through the protocol, starter included. */
  maxTotalBytes: number;
  /** Terminal output per second, over all ptys of the session; faster programs are slowed to this rate. */
  outputBytesPerSecond: number;
  /** Ptys alive at once. */
  maxPtys: number;
  /** Milliseconds without a message from the client before the session ends. */
  idleMs: number;
}

/** Why a request was refused. */
export const errorCodes = [
  /** The message was not JSON or did not match this schema; `message` names the field. */
  'bad-message',
  /** The path would leave the session folder, is malformed, or names a file with other hard links. */
  'bad-path',
  /** No such file (read) or exercise (open). */
  'not-found',
  /** The request needs an open session (or `open` came twice). */
  'no-session',
  'already-open',
  /** A per-session cap (files, bytes, ptys) would be exceeded; `message` names which and the limit. */
  'limit',
  /** The runner already holds its maximum of concurrent sessions. */
  'session-limit',
  /** No such pty in this session (or it has exited). */
  'no-pty',
  /** A `check` is already running for this session. */
  'busy',
  /** An unexpected failure on the runner's side; `message` says what. */
  'internal',
] as const;
export type RunnerErrorCode = (typeof errorCodes)[number];

export const serverMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('opened'),
    id: requestId,
    /** Random; also the capability in the preview host `<sessionId>-<port>.localhost:<runner port>`. */
    sessionId: z.string().regex(/^[0-9a-f]{32}$/),
    /** The starter files as copied into the session. */
    files: fileMapSchema,
  }),
  z.strictObject({ type: z.literal('ok'), id: requestId }),
  z.strictObject({ type: z.literal('file'), id: requestId, path: relativePath, contents: fileContents }),
  z.strictObject({
    type: z.literal('listing'),
    id: requestId,
    /** Sorted file paths (folders are implied by their files). */
    paths: z.array(relativePath),
    /** True when the folder held more entries than the runner lists. */
    truncated: z.boolean(),
  }),
  z.strictObject({
    type: z.literal('spawned'),
    id: requestId,
    pty: ptyId,
    kind: z.enum(['shell', 'run']),
    /** The `PORT` the process received. */
    port: z.number().int(),
  }),
  /** Terminal output of a pty (UTF-8 text, escape sequences included). */
  z.strictObject({ type: z.literal('output'), pty: ptyId, data: z.string() }),
  /** The pty's process ended; whatever it left behind has been ended too. */
  z.strictObject({ type: z.literal('exit'), pty: ptyId, code: z.number().int().nullable(), signal: z.string().nullable() }),
  /**
   * A program of pty `pty` (a run, or one started in a shell) accepts connections on the `port` it was given;
   * `url` (`http://<sessionId>-<port>.localhost:<runner port>/`) loads it through the runner's preview host.
   */
  z.strictObject({ type: z.literal('server-ready'), pty: ptyId, port: z.number().int(), url: z.string() }),
  /** A step of a `check` still running (src/schemas/check-progress.ts); the request stays open. */
  z.strictObject({ type: z.literal('check-progress'), id: requestId, progress: checkProgressSchema }),
  z.strictObject({ type: z.literal('results'), id: requestId, results: resultsSchema }),
  /** Something the learner should know that is not an answer (e.g. output being slowed). */
  z.strictObject({ type: z.literal('notice'), message: z.string() }),
  /** The session is over (idle limit, runner stopping); the socket closes next. */
  z.strictObject({ type: z.literal('ended'), reason: z.enum(['idle', 'shutdown']), message: z.string() }),
  z.strictObject({
    type: z.literal('error'),
    /** The request this answers; absent for fire-and-forget messages and unparseable input. */
    id: requestId.optional(),
    code: z.enum(errorCodes),
    message: z.string(),
  }),
]);

export type ServerMessage = z.output<typeof serverMessageSchema>;
