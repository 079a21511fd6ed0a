/**
 * The check API: what a file in `sandboxes/<slug>/<exercise>/checks/*.check.js` exports and what a
 * check body receives. Check files are plain ES modules for Node 20+; they import nothing from the
 * harness — everything arrives through the context object `t`. A check file may import `node:` modules and
 * other files in `checks/`. Checks run in author order: check files by name, then in array order; each check
 * runs in a fresh child process, those marked `measuresTime: false` side by side. The full guide is docs/checks.md.
 *
 * How a check ends: returning passes; a failed assertion, `t.assert.fail` or an unhandled error of `t.http`,
 * `t.eventually` or `waitForOutput` fails it with that message; when `t.start()` or `t.import()` cannot load the
 * learner's code the check is an error (and the whole run, when no earlier check got a verdict); anything else
 * thrown, or running past `timeouts.check`, is an error of that check alone.
 *
 *   // checks/server.check.js
 *   export default [
 *     {
 *       id: 'answers-after-crash',
 *       name: 'The site answers again after a worker crashes',
 *       task: 'restart-workers',
 *       hint: 'Listen for the "exit" event of a worker and fork a new one.',
 *       async run(t) {
 *         const app = await t.start();
 *         await t.http(app, '/crash').catch(() => {});
 *         const res = await t.eventually(() => t.http(app, '/'), { within: 2000 });
 *         t.assert.equal(res.status, 200, 'status of GET / after a crash');
 *       },
 *     },
 *   ];
 */

/** One check as authored. `id` is stable across edits; `name` is what the learner reads. */
export interface CheckDefinition {
  id: string;
  name: string;
  /** The id of the task in exercise.json this check grades. */
  task: string;
  hint?: string;
  /**
   * Whether the check's verdict depends on how long things take (a deadline, a delay it times, a request that must
   * be fast). Such a check runs alone; `false` lets it run beside other checks, up to one per core. Absent means
   * true: a timing check run beside others could fail a correct program, while running a check alone only costs time.
   */
  measuresTime?: boolean;
  run(t: CheckContext): Promise<void> | void;
}

/** A check file's default export. */
export type CheckFile = CheckDefinition[];

export interface StartOptions {
  /** Command to run instead of exercise.json's `main`, e.g. `node worker.js`. */
  command?: string;
  env?: Record<string, string>;
  /** Resolve once the program accepts TCP connections on `PORT` (default true). */
  waitForPort?: boolean;
  /** Milliseconds to wait for the port (default: the check's remaining time less a short margin). */
  readyTimeout?: number;
}

/**
 * A learner program started by a check. It runs in the check's process group (so ending the check ends it and
 * whatever it forked) with `PORT` set, cwd `t.dir`, and the rest of the environment inherited; killed when the
 * check ends. Its output also goes to the check's captured output.
 */
export interface StartedProgram {
  readonly pid: number;
  readonly port: number;
  /** `http://127.0.0.1:<port><path>` */
  url(path?: string): string;
  /** Everything the program printed so far (stdout and stderr interleaved, capped). */
  output(): string;
  /** Resolves with the first output line matching `pattern`; fails the check after `timeout` ms (default 2000). */
  waitForOutput(pattern: RegExp, timeout?: number): Promise<string>;
  /** Sends `signal` to the program's own pid (as a process manager would), not to its children. */
  signal(signal: NodeJS.Signals): void;
  /** Resolves when the program exits; `null` if it is still running after `timeout` ms (default 5000). */
  waitForExit(timeout?: number): Promise<{ code: number | null; signal: string | null } | null>;
  readonly exited: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Milliseconds from request start to the end of the body. */
  ms: number;
}

export interface HttpOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Milliseconds before the request fails with a timeout (default 2000). */
  timeout?: number;
}

export interface Assertions {
  /** Deep strict equality; on failure `expected`/`actual` are filled from the values. */
  equal(actual: unknown, expected: unknown, what: string): void;
  notEqual(actual: unknown, unexpected: unknown, what: string): void;
  ok(condition: unknown, message: string, detail?: { expected?: unknown; actual?: unknown }): asserts condition;
  match(actual: string, pattern: RegExp, what: string): void;
  /** Fails the check with a message written for the learner. */
  fail(message: string, detail?: { expected?: unknown; actual?: unknown }): never;
}

export interface FakeClock {
  /** Current fake time in ms since the epoch. */
  now(): number;
  /** Advance time, firing due timers in order (async callbacks get a chance to run between timers). */
  tick(ms: number): Promise<void>;
  /** Fire every pending timer, repeatedly, up to `limit` timers (default 1000). */
  runAll(limit?: number): Promise<void>;
  /** Put the real timers and Date back (also done automatically when the check ends). */
  uninstall(): void;
}

export interface CheckContext {
  /** Absolute path of the graded folder: the starter with the learner's editable files laid over it. */
  readonly dir: string;
  /**
   * Import a module from the graded folder, e.g. `await t.import('broker.js')`. Each call evaluates that ES module
   * again (modules it imports are shared within the check; every check starts in a new process anyway).
   */
  import<T = any>(path: string): Promise<T>;
  /**
   * Start exercise.json's `main` (or `options.command`) with `PORT` set to a free port; a program that exits with
   * EADDRINUSE before listening (a neighbour took the port) is started once more on another.
   */
  start(options?: StartOptions): Promise<StartedProgram>;
  /**
   * An HTTP request to a started program (path) or a full URL, with a timeout; never keeps the connection alive.
   * Rejects with an error whose `code` is `ECONNREFUSED`, `ECONNRESET`, `TIMEOUT`, … and whose message says what
   * happened (`GET /slow: connection refused: …`); left unhandled, it fails the check with that message.
   */
  http(target: StartedProgram | string, path?: string, options?: HttpOptions): Promise<HttpResponse>;
  /** A TCP port nobody listens on right now, from the ports reserved for this check (outside the OS ephemeral range). */
  freePort(): Promise<number>;
  /** Retry `fn` until it resolves (or `until` returns true) or `within` ms pass (default 2000, every 50); rethrows the last error. */
  eventually<T>(fn: () => Promise<T>, options?: { within?: number; interval?: number; until?: (value: T) => boolean }): Promise<T>;
  /**
   * Replace the global setTimeout/setInterval/clearTimeout/clearInterval and Date in this check's process with a
   * fake clock (affects modules loaded with `t.import`, not started programs; `node:timers` imports stay real).
   */
  useFakeClock(startMs?: number): FakeClock;
  /** A deterministic random number generator in [0, 1); also installed as Math.random when `install` is true. */
  random(seed: number, options?: { install?: boolean }): () => number;
  sleep(ms: number): Promise<void>;
  /** Add a line to this check's captured output (shown to the learner, capped at 4 KB per check). */
  log(...values: unknown[]): void;
  assert: Assertions;
}
