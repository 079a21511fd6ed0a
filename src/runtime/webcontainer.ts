/**
 * WebContainerRuntime: the sandbox as a WebContainer booted in this page (needs cross-origin isolation and the
 * WebContainer host reachable). Booting happens once per page load and is raced against a timeout, because offline
 * `boot()` never settles.
 */
import type { DirectoryNode, FileSystemTree, WebContainer, WebContainerProcess } from '@webcontainer/api';
import { resultsSchema, type Results } from '../schemas/results.ts';
import { Listeners } from './listeners.ts';
import { PtyOutput, ptyProcess } from './pty-stream.ts';
import { withTimeout } from './timeout.ts';
import type { FileMap, PtyProcess, SandboxRuntime, SpawnOptions } from './types.ts';

export const WEBCONTAINER_BOOT_TIMEOUT_MS = 12_000;

/**
 * How checks run inside the container: `files` are mounted under `GRADER_DIR` (the harness bundle and the pristine
 * exercise), then `command` runs from the exercise folder and prints exactly the results JSON.
 */
export interface Grader {
  files: FileMap;
  command: string;
  args: string[];
}

/** Where grading files live inside the container; not one of the learner's paths. */
export const GRADER_DIR = '.archlab-grading';

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
  readonly #grader: Grader | undefined;
  readonly #serverReady = new Listeners<[number, string]>();
  readonly #notices = new Listeners<[string]>();
  readonly #unsubscribe: Array<() => void> = [];
  #run: WebContainerProcess | undefined;
  #runs = 0;

  constructor(container: ContainerApi, options: { main: string; grader?: Grader }) {
    this.#container = container;
    this.#main = options.main;
    this.#grader = options.grader;
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

  async check(): Promise<Results> {
    const grader = this.#grader;
    if (!grader) {
      return {
        version: 1,
        status: 'error',
        message: 'Checks cannot run inside WebContainer on this site yet. Run the lab locally (npm start) to grade this exercise.',
        tests: [],
      };
    }
    await this.#container.mount({ [GRADER_DIR]: { directory: toFileTree(grader.files) } });
    const process = await this.#container.spawn(grader.command, grader.args);
    let text = '';
    await process.output.pipeTo(new WritableStream({ write: (chunk) => void (text += chunk) }));
    const code = await process.exit;
    return parseGraderOutput(text, code);
  }

  async dispose(): Promise<void> {
    this.#run?.kill();
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
  }
}

/** The grader prints the results object as its last line of output; anything else means it could not grade. */
export function parseGraderOutput(text: string, exitCode: number): Results {
  const last = text.trim().split(/\r?\n/).pop() ?? '';
  let parsed: ReturnType<typeof resultsSchema.safeParse> | undefined;
  try {
    parsed = resultsSchema.safeParse(JSON.parse(last));
  } catch {
    // Not JSON: reported below with the output.
  }
  if (parsed?.success) return parsed.data;
  const excerpt = text.trim().slice(-400) || '(no output)';
  throw new Error(`grading did not finish (exit code ${exitCode}): ${excerpt}`);
}
