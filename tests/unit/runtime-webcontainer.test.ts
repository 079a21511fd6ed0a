import type { FileSystemTree, SpawnOptions, WebContainer, WebContainerProcess } from '@webcontainer/api';
import { describe, expect, it } from 'vitest';
import { GRADER_DIR, parseGraderOutput, toFileTree, WebContainerRuntime, type ContainerApi } from '../../src/runtime/webcontainer.ts';

/** A process whose output the test writes and whose input the test reads. */
class FakeProcess implements WebContainerProcess {
  readonly input: WritableStream<string>;
  readonly output: ReadableStream<string>;
  readonly exit: Promise<number>;
  readonly typed: string[] = [];
  readonly sizes: Array<{ cols: number; rows: number }> = [];
  killed = false;
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
    this.end(143);
  }
  resize(dimensions: { cols: number; rows: number }): void {
    this.sizes.push(dimensions);
  }
}

class FakeContainer implements ContainerApi {
  readonly mounts: FileSystemTree[] = [];
  readonly files = new Map<string, string>();
  readonly dirs: string[] = [];
  readonly processes: FakeProcess[] = [];
  readonly listeners = new Map<string, (...args: never[]) => void>();
  onSpawn: (p: FakeProcess) => void = () => {};

  readonly fs = {
    writeFile: async (path: string, data: string | Uint8Array) => void this.files.set(path, String(data)),
    readFile: async (path: string) => {
      const text = this.files.get(path);
      if (text === undefined) throw new Error(`ENOENT: ${path}`);
      return text;
    },
    mkdir: async (path: string) => void this.dirs.push(path),
  } as unknown as WebContainer['fs'];

  spawn = (async (command: string, argsOrOptions?: string[] | SpawnOptions, maybeOptions?: SpawnOptions) => {
    const [args, options] = Array.isArray(argsOrOptions) ? [argsOrOptions, maybeOptions] : [[], argsOrOptions];
    const process = new FakeProcess(command, args, options);
    this.processes.push(process);
    this.onSpawn(process);
    return process;
  }) as WebContainer['spawn'];

  mount = (async (tree: FileSystemTree) => void this.mounts.push(tree)) as WebContainer['mount'];

  on = ((event: string, listener: (...args: never[]) => void) => {
    this.listeners.set(event, listener);
    return () => this.listeners.delete(event);
  }) as WebContainer['on'];

  fire(event: 'server-ready', port: number, url: string): void {
    (this.listeners.get(event) as ((port: number, url: string) => void) | undefined)?.(port, url);
  }
}

const collect = (pty: { onData(l: (d: string) => void): () => void }) => {
  const seen: string[] = [];
  pty.onData((d) => seen.push(d));
  return seen;
};
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('toFileTree', () => {
  it('nests paths into folders', () => {
    expect(toFileTree({ 'server.js': 'a', 'public/css/site.css': 'b', 'public/index.html': 'c' })).toEqual({
      'server.js': { file: { contents: 'a' } },
      public: { directory: { css: { directory: { 'site.css': { file: { contents: 'b' } } } }, 'index.html': { file: { contents: 'c' } } } },
    });
  });
  it('refuses a path that makes a file a folder', () => {
    expect(() => toFileTree({ a: '1', 'a/b': '2' })).toThrow(/"a\/b": "a" is a file and a folder/);
  });
});

describe('WebContainerRuntime', () => {
  it('mounts a tree, writes into new folders and reads back', async () => {
    const container = new FakeContainer();
    const runtime = new WebContainerRuntime(container, { main: 'node server.js' });
    await runtime.mount({ 'lib/x.js': 'x' });
    expect(container.mounts).toEqual([{ lib: { directory: { 'x.js': { file: { contents: 'x' } } } } }]);
    await runtime.writeFile('public/app.js', 'y');
    expect(container.dirs).toEqual(['public']);
    expect(await runtime.readFile('public/app.js')).toBe('y');
  });

  it('gives a shell a pty: output, input, resize, exit', async () => {
    const container = new FakeContainer();
    const runtime = new WebContainerRuntime(container, { main: 'node server.js' });
    const shell = await runtime.shell({ cols: 80, rows: 24 });
    const fake = container.processes[0]!;
    expect([fake.command, fake.options?.terminal]).toEqual(['jsh', { cols: 80, rows: 24 }]);
    fake.print('~/exercise $ ');
    const seen = collect(shell);
    await tick();
    expect(seen.join('')).toBe('~/exercise $ ');
    shell.write('ls\r');
    shell.resize(100, 30);
    await tick();
    expect(fake.typed).toEqual(['ls\r']);
    expect(fake.sizes).toEqual([{ cols: 100, rows: 30 }]);
    fake.end(0);
    expect(await shell.exit).toBe(0);
  });

  it('runs main with PORT, ending the previous run first, and reports server-ready', async () => {
    const container = new FakeContainer();
    const runtime = new WebContainerRuntime(container, { main: 'node server.js' });
    const ready: Array<[number, string]> = [];
    runtime.onServerReady((port, url) => ready.push([port, url]));
    await runtime.run({ cols: 80, rows: 24 });
    const first = container.processes[0]!;
    expect([first.command, first.args]).toEqual(['jsh', ['-c', 'node server.js']]);
    expect(first.options?.env?.PORT).toEqual(expect.any(Number));
    await runtime.run({ cols: 80, rows: 24 });
    expect(first.killed).toBe(true);
    expect(container.processes[1]!.options?.env?.PORT).not.toBe(first.options?.env?.PORT);
    container.fire('server-ready', 3001, 'https://x--3001.local-credentialless.webcontainer.io');
    expect(ready).toEqual([[3001, 'https://x--3001.local-credentialless.webcontainer.io']]);
  });

  it('without a grader, check answers a run-level error saying what to do', async () => {
    const results = await new WebContainerRuntime(new FakeContainer(), { main: 'node server.js' }).check();
    expect(results).toMatchObject({ version: 1, status: 'error', tests: [] });
    expect(results.message).toMatch(/npm start/);
  });

  it('with a grader, mounts it beside the exercise, runs it and parses its results', async () => {
    const container = new FakeContainer();
    const results = { version: 1, status: 'pass', tests: [{ id: 'a', name: 'A', task_id: 't', status: 'pass' }] };
    container.onSpawn = (p) => queueMicrotask(() => {
      p.print('some log line\n');
      p.print(`${JSON.stringify(results)}\n`);
      p.end(0);
    });
    const runtime = new WebContainerRuntime(container, { main: 'node server.js', grader: { files: { 'grade.js': '…' }, command: 'node', args: [`${GRADER_DIR}/grade.js`] } });
    expect(await runtime.check()).toEqual(results);
    expect(container.mounts[0]).toEqual({ [GRADER_DIR]: { directory: { 'grade.js': { file: { contents: '…' } } } } });
  });
});

describe('parseGraderOutput', () => {
  it('names the exit code and the output when there is no results object', () => {
    expect(() => parseGraderOutput('Error: Cannot find module x\n', 1)).toThrow(/exit code 1\): Error: Cannot find module x/);
    expect(() => parseGraderOutput('{"version":2}', 0)).toThrow(/did not finish/);
  });
});
