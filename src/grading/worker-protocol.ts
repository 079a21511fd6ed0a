/**
 * How the grading process and a check worker talk. The worker reads its input (`WorkerInput`) from stdin before any
 * learner code runs, so learner code cannot read the nonce. Messages come back as lines `\x1e<nonce> <json>` on
 * the worker's `channel` descriptor: fd 3, a pipe of its own opened at spawn, or stdout where the harness runs
 * without module hooks (WebContainer). Everything else a worker writes is output for the learner.
 */
import { writeSync } from 'node:fs';

/** Where a worker writes its messages. */
export type Channel = 1 | 3;

/** Everything a worker reads from stdin. */
export interface WorkerInput {
  nonce: string;
  channel: Channel;
  job: WorkerJob;
  /** Served from memory by the worker's module hooks: file URL → source (see worker-code.ts). */
  sources: Record<string, string>;
  /** file URL of the harness module to import. */
  entry: string;
}

/** What the worker does: list the checks, or run one. */
export type WorkerJob =
  | { mode: 'list'; checksDir: string }
  | {
      mode: 'run';
      checksDir: string;
      /** Check file, relative to `checksDir`, and the index of the check in its default export. */
      file: string;
      index: number;
      id: string;
      /** The graded folder; the worker's cwd and `t.dir`. */
      treeDir: string;
      main: string;
      /** Milliseconds this check may take in total. */
      timeoutMs: number;
      /** Ports reserved for this check by the grading process's allocator. */
      ports: number[];
    };

/** A check as its file declares it, before validation: fields of the wrong type are left out and reported. */
export type RunJob = Extract<WorkerJob, { mode: 'run' }>;

export interface ListedCheck {
  /** Check file relative to the checks folder, e.g. `server.check.js`. */
  file: string;
  index: number;
  id?: string;
  name?: string;
  task?: string;
  hint?: string;
  /** False when the check measures no time and may run beside others (absent: it runs alone). */
  measuresTime?: boolean;
  runnable: boolean;
}

/** Something wrong in a check file; `field` is like `[2].name`. */
export interface ListProblem {
  file: string;
  field?: string;
  message: string;
}

export type CheckOutcome =
  | { status: 'pass' }
  | { status: 'fail' | 'error'; message: string; expected?: string; actual?: string }
  /** The learner's code could not be imported or started. */
  | { status: 'load-error'; message: string };

export type WorkerMessage =
  | { type: 'list'; checks: ListedCheck[]; problems: ListProblem[] }
  /** What the check is doing now, for a timeout message; `loading` while importing or starting learner code. */
  | { type: 'step'; text: string; loading: boolean }
  | { type: 'result'; outcome: CheckOutcome };

const RECORD_SEPARATOR = '\x1e';

// Captured when the worker loads, before any learner module: learner code runs in the worker's process (t.import)
// and could otherwise replace JSON.stringify, Object.prototype.toJSON, fs.writeSync (an ESM import is a live
// binding that `syncBuiltinESMExports()` rewrites) or Buffer's methods to turn a failing result into a passing one.
const stringify = JSON.stringify;
const keysOf = Object.keys;
const isArray = Array.isArray;
const writeFd = writeSync;
const toBytes = Buffer.from.bind(Buffer);
const byteLength = Buffer.byteLength.bind(Buffer);

/**
 * JSON for a message, by hand: only own keys, no `toJSON`, no prototype lookups. `stringify` is only given
 * primitives, for which it consults nothing learner code can change.
 */
function serialize(value: unknown): string {
  if (value === null || typeof value !== 'object') return stringify(value) ?? 'null';
  let text = '';
  if (isArray(value)) {
    for (let i = 0; i < value.length; i++) text += `${i ? ',' : ''}${serialize(value[i])}`;
    return `[${text}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = keysOf(record);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (record[key] === undefined) continue;
    text += `${text ? ',' : ''}${stringify(key)}:${serialize(record[key])}`;
  }
  return `{${text}}`;
}

export function encodeMessage(nonce: string, message: WorkerMessage): string {
  return `${RECORD_SEPARATOR}${nonce} ${serialize(message)}\n`;
}

/** Writes all of `text` to `fd` synchronously, waiting out a full pipe; bypasses the (patchable) stdout stream. */
export function writeAllSync(fd: number, text: string): void {
  const bytes = toBytes(text);
  const total = byteLength(text);
  let written = 0;
  while (written < total) {
    try {
      written += writeFd(fd, bytes, written, total - written);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

/** Longest line kept whole while looking for messages; longer runs without a newline are plain output. */
const MAX_LINE = 256 * 1024;

/**
 * Splits a worker's stdout into messages and output. Holds at most one unfinished line (bounded by MAX_LINE),
 * so one huge line without a newline cannot exhaust memory.
 */
export class MessageReader {
  private readonly prefix: string;
  private pending = '';
  private readonly onMessage: (message: WorkerMessage) => void;
  private readonly onOutput: (text: string) => void;

  constructor(nonce: string, onMessage: (message: WorkerMessage) => void, onOutput: (text: string) => void) {
    this.prefix = `${RECORD_SEPARATOR}${nonce} `;
    this.onMessage = onMessage;
    this.onOutput = onOutput;
  }

  push(chunk: string): void {
    this.pending += chunk;
    let newline: number;
    while ((newline = this.pending.indexOf('\n')) >= 0) {
      this.line(this.pending.slice(0, newline + 1));
      this.pending = this.pending.slice(newline + 1);
    }
    if (this.pending.length > MAX_LINE) {
      this.onOutput(this.pending);
      this.pending = '';
    }
  }

  end(): void {
    if (this.pending) this.onOutput(this.pending);
    this.pending = '';
  }

  private line(line: string): void {
    if (!line.startsWith(this.prefix)) {
      this.onOutput(line);
      return;
    }
    try {
      this.onMessage(JSON.parse(line.slice(this.prefix.length)) as WorkerMessage);
    } catch {
      this.onOutput(line);
    }
  }
}
