/**
 * How the grading process and a check worker talk. The job travels on the worker's stdin (read before any
 * learner code runs, so learner code cannot read the nonce); messages come back on stdout as lines
 * `\x1e<nonce> <json>`. Everything else a worker writes is output for the learner.
 */
import { writeSync } from 'node:fs';

/** Sent to the worker on stdin, wrapped as `{ nonce, job }`. */
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
// and could otherwise replace JSON.stringify or stdout to turn a failing result into a passing one.
const stringify = JSON.stringify;
const toBytes = Buffer.from.bind(Buffer);

export function encodeMessage(nonce: string, message: WorkerMessage): string {
  return `${RECORD_SEPARATOR}${nonce} ${stringify(message)}\n`;
}

/** Writes all of `text` to `fd` synchronously, waiting out a full pipe; bypasses the (patchable) stdout stream. */
export function writeAllSync(fd: number, text: string): void {
  let bytes = toBytes(text);
  while (bytes.length) {
    try {
      bytes = bytes.subarray(writeSync(fd, bytes));
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
