/**
 * WebContainerRuntime: the sandbox as a WebContainer booted in this page (needs cross-origin isolation and the
 * WebContainer host reachable; booting is in `webcontainer-boot.ts`).
 *
 * The container is shared by Run, the shell and the grader, and its `server-ready` is container-wide: the preview is
 * handed only the port of the current Run, or, while no Check runs, a server started from the shell.
 */
import type { DirectoryNode, FileSystemTree, WebContainer, WebContainerProcess } from '@webcontainer/api';
import { commandWords } from '../process/command.ts';
import type { CheckProgress, OnCheckProgress } from '../schemas/check-progress.ts';
import type { FileMap } from '../schemas/files.ts';
import type { FilesPayload } from '../schemas/payloads.ts';
import { runError, type Results } from '../schemas/results.ts';
import { Listeners } from './listeners.ts';
import { PtyOutput, ptyProcess } from './pty-stream.ts';
import { withTimeout } from './timeout.ts';
import type { PtyProcess, SandboxRuntime, SpawnOptions } from './types.ts';
import { bootWebContainer, type BootSettings } from './webcontainer-boot.ts';
import { packageFilesToMount } from './webcontainer-packages.ts';
import { GRADE_COMMAND, GRADING_DIR, gradingFiles, gradingFromPayload, parseGradeOutput, progressReader, type WebContainerGrading } from './webcontainer-grading.ts';

/** How long a killed Run may take to exit before the learner is told it would not stop. */
export const RUN_KILL_GRACE_MS = 2000;
/** Runs get ports from here on (one each, see `run`); the shell gets SHELL_PORT, so both can serve at once. */
const FIRST_RUN_PORT = 3000;
export const SHELL_PORT = 4000;

/** Previews need the container's frames to store data; a browser that blocks third-party storage leaves them blank. */
export const BLOCKED_STORAGE_NOTICE =
  'If the preview stays blank, this browser is blocking third-party storage (Brave Shields, blocked third-party cookies), which WebContainer previews need: allow it for this site.';

/** Turns `{ 'public/a.css': '…' }` into the nested tree `mount` takes. */
export function toFileTree(files: Readonly<Record<string, string | Uint8Array>>): FileSystemTree {
  const root: FileSystemTree = {};
  for (const [path, contents] of Object.entries(files)) {
    const parts = path.split('/');
    const name = parts.pop()!;
    let dir = root;
    for (const part of parts) {
      const node = (dir[part] ??= { directory: {} });
      if (!('directory' in node)) throw new Error(`cannot mount "${path}": "${part}" is a file and a folder`);
      dir = (node as DirectoryNode).directory;
    }
    dir[name] = { file: { contents } };
  }
  return root;
}

/** What the adapter uses of a booted WebContainer (a test passes a fake typed against the same definitions). */
export type ContainerApi = Pick<WebContainer, 'fs' | 'spawn' | 'mount' | 'on'>;

/** Most entries `list` walks, as the local runner's listing. */
const LIST_LIMIT = 5000;

export class WebContainerRuntime implements SandboxRuntime {
  readonly kind = 'webcontainer' as const;
  readonly #container: ContainerApi;
  readonly #main: [string, ...string[]];
  readonly #grading: WebContainerGrading | undefined;
  readonly #serverReady = new Listeners<[number, string]>();
  readonly #serverStopped = new Listeners<[number]>();
  readonly #notices = new Listeners<[string]>();
  readonly #unsubscribe: Array<() => void> = [];
  #run: { process: WebContainerProcess; port: number } | undefined;
  #runs = 0;
  /** The port the preview shows, so its `close` can be told. */
  #previewPort: number | undefined;
  #toldAboutStorage = false;
  #checking: Promise<Results> | undefined;
  /** Who hears the progress of the Check running now (a Check while one runs joins it). */
  readonly #progress = new Listeners<[CheckProgress]>();
  #stopGrading: AbortController | undefined;

  /**
   * Boots the page's WebContainer (or rejects with the reason within `bootTimeoutMs`) and mounts the exercise's
   * starter into it, and its packages into node_modules/; Check grades with the checks `payload` carries.
   */
  static async create(options: { main: string; payload: FilesPayload; boot?: BootSettings; fetch?: typeof fetch }): Promise<WebContainerRuntime> {
    const fetchFn = options.fetch ?? fetch;
    // The packages download while the container boots.
    const [container, packages] = await Promise.all([bootWebContainer(options.boot), packageFilesToMount(options.payload.packages, fetchFn)]);
    const runtime = new WebContainerRuntime(container, { main: options.main, grading: gradingFromPayload(options.payload, fetchFn) });
    await runtime.mount(options.payload.starter);
    await runtime.mountPackages(packages);
    return runtime;
  }

  /** Without `grading` (an exercise page built without it), Check answers why it cannot grade. */
  constructor(container: ContainerApi, options: { main: string; grading?: WebContainerGrading }) {
    this.#container = container;
    // Spawned by its argv, not through `jsh -c`, so that `kill()` reaches the program rather than a shell in front of it.
    this.#main = commandWords(options.main);
    this.#grading = options.grading;
    this.#unsubscribe.push(
      container.on('server-ready', (port, url) => this.#onServerReady(port, url)),
      container.on('port', (port, type) => {
        if (type !== 'close' || port !== this.#previewPort) return;
        this.#previewPort = undefined;
        this.#serverStopped.emit(port);
      }),
      container.on('error', (error) => this.#notices.emit(`WebContainer reported an error: ${error.message}`)),
    );
  }

  /** The grader's servers and its free-port probe also fire `server-ready`; during a Check only Run's port counts. */
  #onServerReady(port: number, url: string): void {
    if (port !== this.#run?.port && this.#checking) return;
    this.#previewPort = port;
    this.#serverReady.emit(port, url);
    if (!this.#toldAboutStorage) {
      this.#toldAboutStorage = true;
      this.#notices.emit(BLOCKED_STORAGE_NOTICE);
    }
  }

  async mount(files: FileMap): Promise<void> {
    await this.#container.mount(toFileTree(files));
  }

  /** Mounts packageFilesToMount's files (the exercise's packages in node_modules/), apart from the learner's files. */
  async mountPackages(files: Record<string, Uint8Array>): Promise<void> {
    if (Object.keys(files).length) await this.#container.mount(toFileTree(files));
  }

  async writeFile(path: string, contents: string): Promise<void> {
    const slash = path.lastIndexOf('/');
    if (slash > 0) await this.#container.fs.mkdir(path.slice(0, slash), { recursive: true });
    await this.#container.fs.writeFile(path, contents);
  }

  readFile(path: string): Promise<string> {
    return this.#container.fs.readFile(path, 'utf-8');
  }

  /** Walks the container's folder (not what grading mounts beside the learner's files), at most LIST_LIMIT entries. */
  async list(): Promise<{ paths: string[]; truncated: boolean }> {
    const paths: string[] = [];
    const pending = [''];
    let seen = 0;
    while (pending.length > 0) {
      const folder = pending.pop()!;
      for (const entry of await this.#container.fs.readdir(folder || '.', { withFileTypes: true })) {
        if (++seen > LIST_LIMIT) return { paths: paths.sort(), truncated: true };
        const path = folder ? `${folder}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (path !== GRADING_DIR) pending.push(path);
        } else if (entry.isFile()) paths.push(path);
      }
    }
    return { paths: paths.sort(), truncated: false };
  }

  #attach(process: WebContainerProcess): PtyProcess {
    const output = new PtyOutput();
    void process.output.pipeTo(new WritableStream({ write: (chunk) => output.push(chunk) })).catch(() => {});
    const input = process.input.getWriter();
    return ptyProcess(output, process.exit, {
      write: (data) => void input.write(data).catch(() => {}),
      resize: (cols, rows) => process.resize({ cols, rows }),
      kill: () => process.kill(),
    });
  }

  async shell({ cols, rows }: SpawnOptions): Promise<PtyProcess> {
    return this.#attach(await this.#container.spawn('jsh', { env: { PORT: SHELL_PORT }, terminal: { cols, rows } }));
  }

  /** Each run gets its own port, so a previous run still letting go of its port (or not dying) cannot collide with it. */
  async run({ cols, rows }: SpawnOptions): Promise<PtyProcess> {
    await this.#stopRun();
    const port = FIRST_RUN_PORT + (this.#runs++ % 1000);
    const [command, ...args] = this.#main;
    const process = await this.#container.spawn(command, args, { env: { PORT: port }, terminal: { cols, rows } });
    const run = { process, port };
    this.#run = run;
    void process.exit.then(() => {
      if (this.#run === run) this.#run = undefined;
    });
    return this.#attach(process);
  }

  /**
   * Kills the current run and waits for it at most RUN_KILL_GRACE_MS: a program in a busy loop may not die in
   * WebContainer (stackblitz/webcontainer-core#1121), and the learner is told instead of waiting.
   */
  async #stopRun(): Promise<void> {
    const run = this.#run;
    if (!run) return;
    run.process.kill();
    const exited = run.process.exit.then(() => true, () => true);
    const ended = await withTimeout(exited, RUN_KILL_GRACE_MS, 'still running').catch(() => false);
    if (ended) return;
    this.#run = undefined;
    this.#notices.emit(
      `The previous run did not stop within ${RUN_KILL_GRACE_MS / 1000} s (a program that keeps the CPU busy cannot always be stopped here) and may slow the sandbox; reload the page to end it.`,
    );
  }

  onServerReady(listener: (port: number, url: string) => void): () => void {
    return this.#serverReady.add(listener);
  }

  onServerStopped(listener: (port: number) => void): () => void {
    return this.#serverStopped.add(listener);
  }

  onNotice(listener: (message: string) => void): () => void {
    return this.#notices.add(listener);
  }

  /** A Check while one is running answers with that one's results. Never throws, never hangs: see `#grade`. */
  check(onProgress?: OnCheckProgress): Promise<Results> {
    const grading = this.#grading;
    if (!grading) {
      return Promise.resolve(
        runError('Checks cannot run inside WebContainer on this page. Run the lab locally (npm start) to grade this exercise.'),
      );
    }
    const unsubscribe = onProgress ? this.#progress.add(onProgress) : () => {};
    this.#checking ??= this.#grade(grading).finally(() => (this.#checking = undefined));
    return this.#checking.finally(unsubscribe);
  }

  /**
   * Mounts the harness and the pristine exercise under GRADING_DIR (afresh, so nothing left there from the terminal
   * is graded), runs the harness and reads its results. Every failure, and a grader still running after
   * `timeoutMs`, becomes a run-level error; the grader is stopped then, and when the page goes.
   */
  async #grade(grading: WebContainerGrading): Promise<Results> {
    const stop = new AbortController();
    this.#stopGrading = stop;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<Results>((resolve) => {
      timer = setTimeout(() => {
        stop.abort();
        resolve(runError(`The checks did not finish within ${Math.round(grading.timeoutMs / 1000)} s, so they were stopped. Try Check again.`));
      }, grading.timeoutMs);
    });
    const graded = this.#runGrader(grading, stop.signal).catch((error: unknown) => runError(`The checks could not run: ${(error as Error).message}`));
    try {
      return await Promise.race([graded, timedOut]);
    } finally {
      clearTimeout(timer);
      this.#stopGrading = undefined;
    }
  }

  async #runGrader(grading: WebContainerGrading, stop: AbortSignal): Promise<Results> {
    let harness: FileMap;
    try {
      harness = await grading.harness();
    } catch (error) {
      throw new Error(`the grader could not be downloaded (${(error as Error).message})`);
    }
    await this.#container.fs.rm(GRADING_DIR, { recursive: true, force: true });
    await this.#container.mount({ [GRADING_DIR]: { directory: toFileTree(gradingFiles(harness, grading.exercise)) } });
    if (stop.aborted) throw new Error('grading was stopped');
    const process = await this.#container.spawn(GRADE_COMMAND.command, [...GRADE_COMMAND.args]);
    // A stop that came while spawning still reaches the process.
    if (stop.aborted) process.kill();
    else stop.addEventListener('abort', () => process.kill(), { once: true });
    const output = collectOutput(process.output, progressReader((event) => this.#progress.emit(event)));
    const code = await process.exit;
    if (stop.aborted) throw new Error('grading was stopped');
    return parseGradeOutput(await output.settled(OUTPUT_GRACE_MS), code);
  }

  async dispose(): Promise<void> {
    this.#run?.process.kill();
    this.#stopGrading?.abort();
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
  }
}

/** How long the grader's output may trail its exit before what arrived is read. */
const OUTPUT_GRACE_MS = 1000;
/** The grader prints at most the 64 KB of check output plus the JSON around it; keep the tail beyond this. */
const OUTPUT_KEEP_CHARS = 1024 * 1024;

/** Reads a process's output into a string that keeps its last OUTPUT_KEEP_CHARS characters (the results line), passing each chunk on as it comes. */
function collectOutput(stream: ReadableStream<string>, onChunk: (chunk: string) => void): { settled(graceMs: number): Promise<string> } {
  let text = '';
  const write = (chunk: string) => {
    text = (text + chunk).slice(-OUTPUT_KEEP_CHARS);
    onChunk(chunk);
  };
  const done = stream
    .pipeTo(new WritableStream({ write }))
    .catch(() => {});
  return {
    settled: (graceMs) => withTimeout(done, graceMs, 'output did not end').then(
      () => text,
      () => text,
    ),
  };
}
