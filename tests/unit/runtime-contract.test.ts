/**
 * What every SandboxRuntime promises the workspace, run against both adapters so they cannot drift: LocalRuntime
 * over a real runner, WebContainerRuntime over the fake container, whose processes act out the few programs used
 * here the way Node would run them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxRuntime } from '../../src/runtime/types.ts';
import { WebContainerRuntime } from '../../src/runtime/webcontainer.ts';
import { resultsSchema, type Results } from '../../src/schemas/results.ts';
import { FakeContainer, type FakeProcess } from './fake-webcontainer.ts';
import { Arrivals, openRuntime, sandboxProcesses, startRunner, Transcript, type TestRunner } from './runner-harness.ts';

const EXERCISE = 'runner-fixtures/graded';
const MAIN = 'node answer.js';
const STARTER = 'export const answer = 0;\n';
const TERMINAL = { cols: 80, rows: 24 };

/** The programs the contract runs as `answer.js`. */
const PROGRAMS = {
  printsPort: 'console.log(`port=${process.env.PORT}`);\n',
  waits: "console.log('waiting');\nsetInterval(() => {}, 1000);\n",
  serves: "import http from 'node:http';\nhttp.createServer((req, res) => res.end('hi')).listen(process.env.PORT);\n",
  answers42: 'export const answer = 42;\n',
};

interface Adapter {
  name: string;
  create(): Promise<SandboxRuntime>;
  close(): Promise<void>;
}

/** The fake container acting as Node and the grader would on the files it holds. */
function actOut(container: FakeContainer, process: FakeProcess): void {
  const program = container.files.get('answer.js');
  if (process.command === 'node' && process.args.join(' ') === 'answer.js') {
    const port = Number(process.options?.env?.PORT);
    if (program === PROGRAMS.printsPort) queueMicrotask(() => (process.print(`port=${port}\r\n`), process.end(0)));
    else if (program === PROGRAMS.waits) queueMicrotask(() => process.print('waiting\r\n'));
    else if (program === PROGRAMS.serves) queueMicrotask(() => container.listen(port));
    return;
  }
  if (process.command === 'jsh') {
    queueMicrotask(() => process.print('~/exercise $ '));
    return;
  }
  if (process.command === 'node') {
    const status = program === PROGRAMS.answers42 ? 'pass' : 'fail';
    const results: Results = { version: 1, status, tests: [{ id: 'answer-is-42', name: 'answer.js exports 42', task_id: 'answer', status }] };
    // The harness probes for a free port as the real one does; the container reports it like any server.
    queueMicrotask(() => (container.listen(49_152), container.close(49_152), process.print(`${JSON.stringify(results)}\n`), process.end(0)));
  }
}

let runner: TestRunner | undefined;
const adapters: Adapter[] = [
  {
    name: 'LocalRuntime over a real runner',
    create: async () => openRuntime((runner ??= await startRunner()), EXERCISE),
    close: async () => {
      await runner?.close();
      runner = undefined;
    },
  },
  {
    name: 'WebContainerRuntime over the fake container',
    async create() {
      const container = new FakeContainer();
      container.onSpawn = (p) => actOut(container, p);
      const harness = { 'grade.js': 'grade', 'check-worker.js': 'worker', 'package.json': '{ "type": "module" }' };
      const runtime = new WebContainerRuntime(container, {
        main: MAIN,
        grading: { exercise: { 'exercise.json': '{}', 'starter/answer.js': STARTER }, timeoutMs: 20_000, harness: async () => harness },
      });
      // What create() does after booting: the sandbox starts with the starter.
      await runtime.mount({ 'answer.js': STARTER, 'package.json': '{ "type": "module" }\n' });
      return runtime;
    },
    close: async () => {},
  },
];

describe.each(adapters)('SandboxRuntime contract: $name', (adapter) => {
  let runtime: SandboxRuntime;
  beforeAll(async () => {
    runtime = await adapter.create();
  });
  afterAll(async () => {
    await runtime.dispose();
    await adapter.close();
    expect(await sandboxProcesses()).toEqual([]);
  });
  afterEach(async () => {
    await runtime.mount({ 'answer.js': STARTER });
  });

  it('starts with the exercise’s starter', async () => {
    expect(await runtime.readFile('answer.js')).toBe(STARTER);
  });

  it('mounts files into new folders and leaves the others as they are', async () => {
    await runtime.mount({ 'lib/deep/util.js': 'export const u = 1;\n' });
    expect(await runtime.readFile('lib/deep/util.js')).toBe('export const u = 1;\n');
    expect(await runtime.readFile('answer.js')).toBe(STARTER);
  });

  it('writes one file, creating its folders, and reads it back', async () => {
    await runtime.writeFile('notes/today/plan.txt', 'ship it\n');
    expect(await runtime.readFile('notes/today/plan.txt')).toBe('ship it\n');
  });

  it('refuses to read a file that does not exist', async () => {
    await expect(runtime.readFile('no-such-file.js')).rejects.toThrow();
  });

  it('runs main with a PORT on a pty, streams its output and reports its exit code', async () => {
    await runtime.mount({ 'answer.js': PROGRAMS.printsPort });
    const run = await runtime.run(TERMINAL);
    const out = new Transcript(run);
    expect(await run.exit).toBe(0);
    await out.waitFor(/port=\d+/);
  });

  it('ends the previous run before the next one starts, and a killed run ends', async () => {
    await runtime.mount({ 'answer.js': PROGRAMS.waits });
    const first = await runtime.run(TERMINAL);
    await new Transcript(first).waitFor(/waiting/);
    const second = await runtime.run(TERMINAL);
    await first.exit;
    await new Transcript(second).waitFor(/waiting/);
    second.kill();
    expect(await second.exit).not.toBe(0);
  });

  it('reports the server a run starts, with a URL the preview can load', async () => {
    await runtime.mount({ 'answer.js': PROGRAMS.serves });
    const ready = new Arrivals<{ port: number; url: string }>();
    const remove = runtime.onServerReady((port, url) => ready.push({ port, url }));
    const run = await runtime.run(TERMINAL);
    const { port, url } = await ready.waitFor(() => true, 'server-ready');
    expect(url).toMatch(new RegExp(`^https?://[^/]*${port}`));
    remove();
    run.kill();
    await run.exit;
  });

  it('opens a shell on a pty that shows a prompt', async () => {
    const shell = await runtime.shell(TERMINAL);
    await new Transcript(shell).waitFor(/[$#] $/m);
    shell.kill();
    await shell.exit;
  });

  it('grades the files it holds with the exercise’s checks', async () => {
    const failing = await runtime.check();
    expect(resultsSchema.parse(failing)).toMatchObject({ status: 'fail', tests: [{ id: 'answer-is-42', status: 'fail' }] });
    await runtime.mount({ 'answer.js': PROGRAMS.answers42 });
    expect(await runtime.check()).toMatchObject({ status: 'pass', tests: [{ id: 'answer-is-42', status: 'pass' }] });
  });

  it('lists every file it holds, sorted, those written since it started included, and none of what grading brought', async () => {
    const { paths, truncated } = await runtime.list();
    expect(truncated).toBe(false);
    expect(paths).toEqual(paths.toSorted());
    expect(paths).toEqual(expect.arrayContaining(['answer.js', 'lib/deep/util.js', 'notes/today/plan.txt']));
    expect(paths.filter((path) => path.startsWith('.archlab'))).toEqual([]);
  });

  it('ends its processes when disposed', async () => {
    const own = await adapter.create();
    await own.mount({ 'answer.js': PROGRAMS.waits });
    const run = await own.run(TERMINAL);
    await new Transcript(run).waitFor(/waiting/);
    await own.dispose();
    await run.exit;
  });
});
