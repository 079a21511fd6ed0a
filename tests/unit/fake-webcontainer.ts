/**
 * A WebContainer without the browser: files in a map, processes whose output and exit the test drives (`onSpawn`
 * sees each one as it starts), and `fire` for the container's events. Where the real API is known to misbehave it
 * can too: `kill()` that never ends a process (a busy loop, stackblitz/webcontainer-core), `server-ready` for any
 * port in the container (the grader's too), and a boot that takes its time (`fakeWebContainerModule`).
 */
import type { BootOptions, FileSystemTree, SpawnOptions, WebContainer, WebContainerProcess } from '@webcontainer/api';
import type { ContainerApi } from '../../src/runtime/webcontainer.ts';
import type { WebContainerModule } from '../../src/runtime/webcontainer-boot.ts';

/** A process whose output the test writes and whose input the test reads. */
export class FakeProcess implements WebContainerProcess {
  readonly input: WritableStream<string>;
  readonly output: ReadableStream<string>;
  readonly exit: Promise<number>;
  readonly typed: string[] = [];
  readonly sizes: Array<{ cols: number; rows: number }> = [];
  killed = false;
  /** When true, `kill()` is recorded but the process keeps running, as one in a busy loop does in WebContainer. */
  ignoresKill = false;
  #emit!: ReadableStreamDefaultController<string>;
  #exit!: (code: number) => void;

  readonly command: string;
  readonly args: string[];
  readonly options: SpawnOptions | undefined;

  constructor(command: string, args: string[], options: SpawnOptions | undefined) {
    this.command = command;
    this.args = args;
    this.options = options;
    this.output = new ReadableStream({ start: (c) => void (this.#emit = c) });
    this.input = new WritableStream({ write: (chunk) => void this.typed.push(chunk) });
    this.exit = new Promise((resolve) => (this.#exit = resolve));
  }
  print(text: string): void {
    this.#emit.enqueue(text);
  }
  end(code: number): void {
    this.#emit.close();
    this.#exit(code);
  }
  kill(): void {
    this.killed = true;
    if (!this.ignoresKill) this.end(143);
  }
  resize(dimensions: { cols: number; rows: number }): void {
    this.sizes.push(dimensions);
  }
}

export class FakeContainer implements ContainerApi {
  readonly mounts: FileSystemTree[] = [];
  readonly files = new Map<string, string>();
  readonly dirs: string[] = [];
  readonly removed: string[] = [];
  readonly processes: FakeProcess[] = [];
  readonly listeners = new Map<string, Set<(...args: never[]) => void>>();
  onSpawn: (p: FakeProcess) => void = () => {};

  readonly fs = {
    writeFile: async (path: string, data: string | Uint8Array) => void this.files.set(path, String(data)),
    readFile: async (path: string) => {
      const text = this.files.get(path);
      if (text === undefined) throw new Error(`ENOENT: ${path}`);
      return text;
    },
    mkdir: async (path: string) => void this.dirs.push(path),
    /** The entries of `path` implied by the files held (folders are implied by their files). */
    readdir: async (path: string) => {
      const prefix = path === '.' ? '' : `${path}/`;
      const entries = new Map<string, boolean>();
      for (const file of this.files.keys()) {
        if (!file.startsWith(prefix)) continue;
        const [name, ...rest] = file.slice(prefix.length).split('/');
        entries.set(name!, rest.length > 0 || entries.get(name!) === true);
      }
      return [...entries].map(([name, isDir]) => ({ name, isDirectory: () => isDir, isFile: () => !isDir }));
    },
    rm: async (path: string) => {
      this.removed.push(path);
      for (const file of [...this.files.keys()]) if (file === path || file.startsWith(`${path}/`)) this.files.delete(file);
    },
  } as unknown as WebContainer['fs'];

  spawn = (async (command: string, argsOrOptions?: string[] | SpawnOptions, maybeOptions?: SpawnOptions) => {
    const [args, options] = Array.isArray(argsOrOptions) ? [argsOrOptions, maybeOptions] : [[], argsOrOptions];
    const process = new FakeProcess(command, args, options);
    this.processes.push(process);
    this.onSpawn(process);
    return process;
  }) as WebContainer['spawn'];

  /** Records each tree and writes its files, so what was mounted can be read back. */
  mount = (async (tree: FileSystemTree) => {
    this.mounts.push(tree);
    const write = (prefix: string, node: FileSystemTree) => {
      for (const [name, entry] of Object.entries(node)) {
        if ('directory' in entry) write(`${prefix}${name}/`, entry.directory);
        else if ('file' in entry && 'contents' in entry.file) this.files.set(`${prefix}${name}`, String(entry.file.contents));
      }
    };
    write('', tree);
  }) as WebContainer['mount'];

  on = ((event: string, listener: (...args: never[]) => void) => {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set.add(listener));
    return () => set.delete(listener);
  }) as WebContainer['on'];

  /** A server in the container (any process's) starts or stops listening: `port` events, then `server-ready`. */
  listen(port: number): string {
    const url = `https://x--${port}.local-credentialless.webcontainer-api.io`;
    this.#emit('port', port, 'open', url);
    this.#emit('server-ready', port, url);
    return url;
  }
  close(port: number): void {
    this.#emit('port', port, 'close', `https://x--${port}.local-credentialless.webcontainer-api.io`);
  }

  #emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => void)(...args);
  }
}

/** `@webcontainer/api` with a boot that resolves with `container` after `bootMs` (timers may be fake). */
export function fakeWebContainerModule(container: FakeContainer, bootMs: number) {
  const boots: BootOptions[] = [];
  const keys: string[] = [];
  const module: WebContainerModule = {
    WebContainer: {
      boot: (options) => {
        boots.push(options);
        return new Promise((resolve) => setTimeout(() => resolve(container as unknown as WebContainer), bootMs));
      },
    },
    configureAPIKey: (key) => void keys.push(key),
  };
  return { module, boots, keys };
}
