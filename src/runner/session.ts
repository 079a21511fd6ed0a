/**
 * One exercise in one tab: a temp folder with the starter, the ptys started in it, the ports handed to them,
 * and the output budget. Ending a session ends every process it started and removes its folder.
 */
import type { IPty } from '@lydell/node-pty';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { killTree } from '../process/kill-tree.ts';
import { newMarker } from '../process/marker.ts';
import { signalGroup } from '../process/process-group.ts';
import type { FileMap } from '../schemas/files.ts';
import type { OnCheckProgress } from '../schemas/check-progress.ts';
import type { Results } from '../schemas/results.ts';
import type { Limits, ServerMessage } from '../schemas/runner.ts';
import { copyStarter } from '../course/layout.ts';
import { loadExercise, type ExerciseFolder } from './exercises.ts';
import { gradeFiles } from './grading-bridge.ts';
import { headStart, type HeadStart } from '../grading/head-start.ts';
import { OutputBudget } from './output-budget.ts';
import { ports, takeFreePort } from '../process/port-allocator.ts';
import { watchForListener } from './listen-watch.ts';
import { RequestError } from './request-error.ts';
import { signalName, spawnSandboxPty } from './sandbox-pty.ts';
import { SessionFiles } from './session-files.ts';

/** Prefix of every session's temp folder; the runner's pid follows, so leftovers of a dead runner can be found. */
export const SESSION_DIR_PREFIX = 'archlab-sandbox-';

/** Bytes queued on the socket above which output waits for the client to catch up. */
export const SOCKET_BACKLOG = 1024 * 1024;
/** How often a pty held for a slow client looks whether the socket's queue has drained. */
const DRAIN_POLL_MS = 50;

export interface SessionHost {
  send(message: ServerMessage): void;
  /** Bytes sent but not yet written to the socket. */
  backlog(): number;
  /** The preview URL of this session's `port`. */
  previewUrl(sessionId: string, port: number): string;
  /** The learner did something (used for the idle limit). */
  touch(): void;
}

interface LivePty {
  id: number;
  kind: 'shell' | 'run';
  pty: IPty;
  /** The PORT it was given; previewable only while it lives. */
  port: number;
  marker: string;
  resumeTimer?: NodeJS.Timeout;
  slowed: boolean;
  /** Resolves once the exit has been handled (tree ended, client told). */
  exited: Promise<void>;
  markExited: () => void;
}

export class Session {
  readonly id = randomBytes(16).toString('hex');
  /** Carried by every process of the session; each pty's marker is nested under it (`<marker>:<pty>`). */
  readonly #marker = newMarker('sandbox');
  readonly #root: string;
  readonly #exercise: ExerciseFolder;
  readonly #limits: Limits;
  readonly #host: SessionHost;
  readonly #budget: OutputBudget;
  readonly files: SessionFiles;
  /** Every port handed to this session's processes: the preview proxies these and no others. */
  readonly #ports = new Set<number>();
  readonly #ptys = new Map<number, LivePty>();
  #nextPty = 1;
  #runPty: number | undefined;
  #checking = false;
  /** The next Check's grading run, begun ahead so its first worker has started Node by then (head-start.ts). */
  #nextRun: Promise<HeadStart | undefined> | undefined;
  #runs = 0;
  #ended = false;
  /** Aborts a grading run in progress when the session ends. */
  readonly #endSignal = new AbortController();

  private constructor(root: string, exercise: ExerciseFolder, files: SessionFiles, limits: Limits, host: SessionHost) {
    this.#root = root;
    this.#exercise = exercise;
    this.files = files;
    this.#limits = limits;
    this.#host = host;
    this.#budget = new OutputBudget(limits.outputBytesPerSecond);
    this.#beginNextRun();
  }

  #beginNextRun(): void {
    // Nested under the session's marker, so ending the session reaches the waiting worker too.
    const marker = `${this.#marker}:grade-${++this.#runs}`;
    // Without one, Check starts its run from scratch: only slower.
    this.#nextRun = headStart(this.#exercise.dir, marker).catch(() => undefined);
  }

  static async open(repoRoot: string, exerciseId: string, limits: Limits, host: SessionHost): Promise<{ session: Session; starter: FileMap }> {
    const exercise = await loadExercise(repoRoot, exerciseId);
    const root = await mkdtemp(path.join(tmpdir(), `${SESSION_DIR_PREFIX}${process.pid}-`));
    try {
      // The folder is named like the exercise so the shell prompt reads `graceful-shutdown $`.
      const dir = path.join(root, path.basename(exercise.dir));
      const { files, starter } = await SessionFiles.fromStarter(dir, (into) => copyStarter(exercise.dir, into), limits, exercise.packages);
      return { session: new Session(root, exercise, files, limits, host), starter };
    } catch (error) {
      await rm(root, { recursive: true, force: true });
      throw error;
    }
  }

  ownsPort(port: number): boolean {
    return this.#ports.has(port);
  }

  /** Counts a preview request as activity, so a learner clicking around in the preview is not idle. */
  touch(): void {
    this.#host.touch();
  }

  #live(id: number): LivePty {
    const live = this.#ptys.get(id);
    if (!live) throw new RequestError('no-pty', `there is no running process ${id} in this sandbox`);
    return live;
  }

  async #spawn(kind: 'shell' | 'run', cols: number, rows: number): Promise<{ pty: number; port: number }> {
    if (this.#ptys.size >= this.#limits.maxPtys) {
      throw new RequestError('limit', `a sandbox may run at most ${this.#limits.maxPtys} terminals and programs at once; close one first`);
    }
    const port = await takeFreePort();
    if (this.#ended) {
      ports.release([port]);
      throw new RequestError('no-session', 'this sandbox has ended');
    }
    this.#ports.add(port);
    const id = this.#nextPty++;
    const marker = `${this.#marker}:${id}`;
    const command = kind === 'shell' ? 'shell' : { run: this.#exercise.exercise.main };
    const pty = spawnSandboxPty({ command, cwd: this.files.dir, port, marker, cols, rows });
    const { promise: exited, resolve: markExited } = Promise.withResolvers<void>();
    const live: LivePty = { id, kind, pty, port, marker, slowed: false, exited, markExited };
    this.#ptys.set(id, live);
    pty.onData((data) => this.#output(live, data));
    pty.onExit(({ exitCode, signal }) => void this.#exited(live, exitCode, signal));
    // A server started by Run, or by hand in a shell on its PORT, gets a preview as soon as it listens.
    const url = this.#host.previewUrl(this.id, port);
    void watchForListener(
      port,
      () => !this.#ended && this.#ptys.has(id),
      () => this.#host.send({ type: 'server-ready', pty: id, port, url }),
    );
    return { pty: id, port };
  }

  #output(live: LivePty, data: string): void {
    if (this.#ended) return;
    this.#host.send({ type: 'output', pty: live.id, data });
    const wait = this.#budget.spend(Buffer.byteLength(data));
    const backlogged = this.#host.backlog() > SOCKET_BACKLOG;
    if ((wait === 0 && !backlogged) || live.resumeTimer) return;
    if (!live.slowed && !backlogged) {
      live.slowed = true;
      const rate = Math.round(this.#limits.outputBytesPerSecond / 1024);
      this.#host.send({ type: 'notice', message: `Output is arriving faster than ${rate} KB/s; the program is slowed down to that rate.` });
    }
    live.pty.pause();
    this.#resumeLater(live, wait || DRAIN_POLL_MS);
  }

  /** Resumes the pty after `ms`, or later: not while the client has not taken what was already sent. */
  #resumeLater(live: LivePty, ms: number): void {
    live.resumeTimer = setTimeout(() => {
      live.resumeTimer = undefined;
      if (!this.#ptys.has(live.id)) return;
      // A client that stopped reading would otherwise let the socket queue grow without bound (the program blocks, as
      // on a terminal whose output is held).
      if (this.#host.backlog() > SOCKET_BACKLOG) this.#resumeLater(live, DRAIN_POLL_MS);
      else live.pty.resume();
    }, ms);
  }

  async #exited(live: LivePty, code: number, signal: number | undefined): Promise<void> {
    clearTimeout(live.resumeTimer);
    this.#ptys.delete(live.id);
    if (this.#runPty === live.id) this.#runPty = undefined;
    // Like a terminal hanging up: what the process left running goes with it.
    await killTree(live.marker);
    // Nothing of this session listens there now; the kernel may hand the port to anyone, so stop proxying it.
    this.#ports.delete(live.port);
    ports.release([live.port]);
    if (!this.#ended) this.#host.send({ type: 'exit', pty: live.id, code: signal ? null : code, signal: signalName(signal) });
    live.markExited();
  }

  shell(cols: number, rows: number): Promise<{ pty: number; port: number }> {
    return this.#spawn('shell', cols, rows);
  }

  /** Starts `main` on a fresh port after ending the previous run. */
  async run(cols: number, rows: number): Promise<{ pty: number; port: number }> {
    if (this.#runPty !== undefined) await this.kill(this.#runPty);
    const started = await this.#spawn('run', cols, rows);
    this.#runPty = started.pty;
    return started;
  }

  input(id: number, data: string): void {
    this.#live(id).pty.write(data);
  }

  resize(id: number, cols: number, rows: number): void {
    this.#live(id).pty.resize(cols, rows);
  }

  /** Ends the pty's process and everything carrying its marker, even what left its process group. */
  async kill(id: number): Promise<void> {
    const live = this.#live(id);
    await killTree(live.marker, live.pty.pid);
    // The exit normally follows within milliseconds; never let a missing one stall the connection's queue.
    await Promise.race([live.exited, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
  }

  /** The learner's editable files as they are now, for grading. */
  learnerFiles(): Promise<FileMap> {
    return this.files.snapshot(this.#exercise.exercise.editable);
  }

  async grade(learnerFiles: FileMap, onProgress?: OnCheckProgress): Promise<Results> {
    if (this.#checking) throw new RequestError('busy', 'a check of this exercise is already running; wait for its results');
    this.#checking = true;
    const headStart = await this.#nextRun;
    this.#nextRun = undefined;
    try {
      return await gradeFiles(this.#exercise.dir, learnerFiles, {
        signal: this.#endSignal.signal,
        marker: headStart?.marker ?? `${this.#marker}:grade-${++this.#runs}`,
        ...(headStart ? { headStart } : {}),
        onProgress,
        packages: this.#exercise.packages,
      });
    } finally {
      this.#checking = false;
      if (!this.#ended) this.#beginNextRun();
    }
  }

  /** Ends every process of the session (by group and by marker) and removes its folder. Safe to call twice. */
  async end(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    this.#endSignal.abort();
    for (const live of this.#ptys.values()) {
      clearTimeout(live.resumeTimer);
      signalGroup(live.pty.pid, 'SIGKILL');
    }
    await (await this.#nextRun)?.discard();
    await killTree(this.#marker);
    await rm(this.#root, { recursive: true, force: true });
  }
}
