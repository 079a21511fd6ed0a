/**
 * WebContainerRuntime: the sandbox as a WebContainer booted in this page (needs cross-origin isolation and the
 * WebContainer host reachable). Booting happens once per page load and is raced against a timeout, because offline
 * `boot()` never settles.
 */
import type { DirectoryNode, FileSystemTree, WebContainer, WebContainerProcess } from '@webcontainer/api';
import type { FileMap } from '../schemas/files.ts';
import type { FilesPayload } from '../schemas/payloads.ts';
import { runError, type Results } from '../schemas/results.ts';
import { Listeners } from './listeners.ts';
import { PtyOutput, ptyProcess } from './pty-stream.ts';
import { withTimeout } from './timeout.ts';
import type { PtyProcess, SandboxRuntime, SpawnOptions } from './types.ts';
import { GRADE_COMMAND, GRADING_DIR, gradingFiles, gradingFromPayload, parseGradeOutput, type WebContainerGrading } from './webcontainer-grading.ts';

export const WEBCONTAINER_BOOT_TIMEOUT_MS = 12_000;

/** Turns `{ 'public/a.css': '…' }` into the nested tree `mount` takes. */
export function toFileTree(files: FileMap): FileSystemTree {
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

let booting: Promise<WebContainer> | undefined;

/** Boots the page's one WebContainer, or rejects with a reason within `timeoutMs`. Later calls share the first boot. */
export function bootWebContainer(timeoutMs = WEBCONTAINER_BOOT_TIMEOUT_MS): Promise<WebContainer> {
  if (!globalThis.crossOriginIsolated) {
    return Promise.reject(new Error('WebContainer needs a cross-origin isolated page, and this one is not'));
  }
  booting ??= import('@webcontainer/api').then(({ WebContainer }) => WebContainer.boot({ workdirName: 'exercise' }));
  return withTimeout(booting, timeoutMs, `WebContainer did not start within ${Math.round(timeoutMs / 1000)} s (is this browser offline?)`);
}

export class WebContainerRuntime implements SandboxRuntime {
  readonly kind = 'webcontainer' as const;
  readonly #container: ContainerApi;
  readonly #main: string;
  readonly #grading: WebContainerGrading | undefined;
  readonly #serverReady = new Listeners<[number, string]>();
  readonly #notices = new Listeners<[string]>();
  readonly #unsubscribe: Array<() => void> = [];
  #run: WebContainerProcess | undefined;
  #runs = 0;
  #checking: Promise<Results> | undefined;
  #stopGrading: AbortController | undefined;

  /**
   * Boots the page's WebContainer (or rejects with the reason within `bootTimeoutMs`) and mounts the exercise's
   * starter into it; Check grades with the checks `payload` carries.
   */
  static async create(options: { main: string; payload: FilesPayload; bootTimeoutMs?: number }): Promise<WebContainerRuntime> {
    const container = await bootWebContainer(options.bootTimeoutMs);
    const runtime = new WebContainerRuntime(container, { main: options.main, grading: gradingFromPayload(options.payload) });
    await runtime.mount(options.payload.starter);
    return runtime;
  }

  /** Without `grading` (an exercise page built without it), Check answers why it cannot grade. */
  constructor(container: ContainerApi, options: { main: string; grading?: WebContainerGrading }) {
    this.#container = container;
    this.#main = options.main;
    this.#grading = options.grading;
    this.#unsubscribe.push(
      container.on('server-ready', (port, url) => this.#serverReady.emit(port, url)),
      container.on('error', (error) => this.#notices.emit(`WebContainer reported an error: ${error.message}`)),
    );
  }

  async mount(files: FileMap): Promise<void> {
    await this.#container.mount(toFileTree(files));
  }

  async writeFile(path: string, contents: string): Promise<void> {
    const slash = path.lastIndexOf('/');
    if (slash > 0) await this.#container.fs.mkdir(path.slice(0, slash), { recursive: true });
    await this.#container.fs.writeFile(path, contents);
  }

  readFile(path: string): Promise<string> {
    return this.#container.fs.readFile(path, 'utf-8');
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
    return this.#attach(await this.#container.spawn('jsh', { terminal: { cols, rows } }));
  }

  /** Each run gets its own port, so a previous run still letting go of its port cannot collide with it. */
  async run({ cols, rows }: SpawnOptions): Promise<PtyProcess> {
    if (this.#run) {
      this.#run.kill();
      await this.#run.exit.catch(() => {});
    }
    const port = 3000 + (this.#runs++ % 1000);
    const process = await this.#container.spawn('jsh', ['-c', this.#main], { env: { PORT: port }, terminal: { cols, rows } });
    this.#run = process;
    void process.exit.then(() => {
      if (this.#run === process) this.#run = undefined;
    });
    return this.#attach(process);
  }

  onServerReady(listener: (port: number, url: string) => void): () => void {
    return this.#serverReady.add(listener);
  }

  onNotice(listener: (message: string) => void): () => void {
    return this.#notices.add(listener);
  }

  /** A Check while one is running answers with that one's results. Never throws, never hangs: see `#grade`. */
  check(): Promise<Results> {
    const grading = this.#grading;
    if (!grading) {
      return Promise.resolve(
        runError('Checks cannot run inside WebContainer on this page. Run the lab locally (npm start) to grade this exercise.'),
      );
    }
    this.#checking ??= this.#grade(grading).finally(() => (this.#checking = undefined));
    return this.#checking;
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
    const output = collectOutput(process.output);
    const code = await process.exit;
    if (stop.aborted) throw new Error('grading was stopped');
    return parseGradeOutput(await output.settled(OUTPUT_GRACE_MS), code);
  }

  async dispose(): Promise<void> {
    this.#run?.kill();
    this.#stopGrading?.abort();
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
  }
}

/** How long the grader's output may trail its exit before what arrived is read. */
const OUTPUT_GRACE_MS = 1000;
/** The grader prints at most the 64 KB of check output plus the JSON around it; keep the tail beyond this. */
const OUTPUT_KEEP_CHARS = 1024 * 1024;

/** Reads a process's output into a string that keeps its last OUTPUT_KEEP_CHARS characters (the results line). */
function collectOutput(stream: ReadableStream<string>): { settled(graceMs: number): Promise<string> } {
  let text = '';
  const done = stream
    .pipeTo(new WritableStream({ write: (chunk) => void (text = (text + chunk).slice(-OUTPUT_KEEP_CHARS)) }))
    .catch(() => {});
  return {
    settled: (graceMs) => withTimeout(done, graceMs, 'output did not end').then(
      () => text,
      () => text,
    ),
  };
}
