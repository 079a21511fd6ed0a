import type { WebContainer } from '@webcontainer/api';
import { describe, expect, it, vi } from 'vitest';
import type { CheckProgress } from '../../src/schemas/check-progress.ts';
import type { Results } from '../../src/schemas/results.ts';
import { BLOCKED_STORAGE_NOTICE, RUN_KILL_GRACE_MS, SHELL_PORT, toFileTree, WebContainerRuntime } from '../../src/runtime/webcontainer.ts';
import { FakeContainer, type FakeProcess } from './fake-webcontainer.ts';
import {
  GRADE_COMMAND,
  GRADE_MARGIN_MS,
  GRADING_DIR,
  gradingFromPayload,
  parseGradeOutput,
  progressReader,
  type WebContainerGrading,
} from '../../src/runtime/webcontainer-grading.ts';
import type { FilesPayload } from '../../src/schemas/payloads.ts';

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

  it('spawns main by its argv with PORT, ending the previous run first; the shell gets a PORT of its own', async () => {
    const container = new FakeContainer();
    const runtime = new WebContainerRuntime(container, { main: 'node server.js --verbose' });
    await runtime.run({ cols: 80, rows: 24 });
    const first = container.processes[0]!;
    expect([first.command, first.args]).toEqual(['node', ['server.js', '--verbose']]);
    expect(first.options?.env?.PORT).toEqual(expect.any(Number));
    await runtime.run({ cols: 80, rows: 24 });
    expect(first.killed).toBe(true);
    const second = container.processes[1]!;
    expect(second.options?.env?.PORT).not.toBe(first.options?.env?.PORT);
    await runtime.shell({ cols: 80, rows: 24 });
    const shell = container.processes[2]!;
    expect(shell.options?.env?.PORT).toBe(SHELL_PORT);
    expect(shell.options?.env?.PORT).not.toBe(second.options?.env?.PORT);
  });

  it('starts the next run within 2 s when the previous one will not die, and says so', async () => {
    vi.useFakeTimers();
    try {
      const container = new FakeContainer();
      const runtime = new WebContainerRuntime(container, { main: 'node server.js' });
      const notices: string[] = [];
      runtime.onNotice((text) => notices.push(text));
      await runtime.run({ cols: 80, rows: 24 });
      container.processes[0]!.ignoresKill = true;
      const next = runtime.run({ cols: 80, rows: 24 });
      await vi.advanceTimersByTimeAsync(RUN_KILL_GRACE_MS);
      await next;
      expect(container.processes).toHaveLength(2);
      expect(container.processes[0]!.killed).toBe(true);
      expect(notices).toEqual([expect.stringMatching(/^The previous run did not stop within 2 s .*reload the page/)]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('hands the preview the current run’s server, never the grader’s while a Check runs, and says when it stops', async () => {
    const container = new FakeContainer();
    let grader: FakeProcess | undefined;
    container.onSpawn = (p) => {
      if (p.args[0] === GRADE_COMMAND.args[0]) grader = p;
    };
    const runtime = new WebContainerRuntime(container, { main: 'node server.js', grading: grading() });
    const ready: number[] = [];
    const stopped: number[] = [];
    runtime.onServerReady((port) => ready.push(port));
    runtime.onServerStopped((port) => stopped.push(port));
    await runtime.run({ cols: 80, rows: 24 });
    const runPort = Number(container.processes[0]!.options?.env?.PORT);

    const checking = runtime.check();
    await vi.waitFor(() => expect(grader).toBeDefined());
    container.listen(49_152);
    container.close(49_152);
    container.listen(SHELL_PORT);
    container.listen(runPort);
    grader!.print(`${JSON.stringify(passing)}\n`);
    grader!.end(0);
    await checking;
    expect(ready).toEqual([runPort]);
    expect(stopped).toEqual([]);

    container.listen(SHELL_PORT);
    expect(ready).toEqual([runPort, SHELL_PORT]);
    container.close(runPort);
    expect(stopped).toEqual([]);
    container.close(SHELL_PORT);
    expect(stopped).toEqual([SHELL_PORT]);
  });

  it('tells once, with the first preview, that blocked third-party storage leaves it blank', async () => {
    const container = new FakeContainer();
    const runtime = new WebContainerRuntime(container, { main: 'node server.js' });
    const notices: string[] = [];
    runtime.onNotice((text) => notices.push(text));
    container.listen(3000);
    container.listen(3001);
    expect(notices).toEqual([BLOCKED_STORAGE_NOTICE]);
  });

  it('without grading, check answers a run-level error saying what to do', async () => {
    const results = await new WebContainerRuntime(new FakeContainer(), { main: 'node server.js' }).check();
    expect(results).toMatchObject({ version: 1, status: 'error', tests: [] });
    expect(results.message).toMatch(/npm start/);
  });
});

const passing: Results = { version: 1, status: 'pass', tests: [{ id: 'a', name: 'A', task_id: 't', status: 'pass' }] };
const harness = { 'grade.js': 'grade', 'check-worker.js': 'worker', 'package.json': '{ "type": "module" }' };
const payload: FilesPayload = {
  starter: { 'server.js': 'starter', 'lib/helper.js': 'helper' },
  solution: { 'server.js': 'THE SOLUTION' },
  starterHash: 'h',
  grading: { files: { 'exercise.json': '{}', 'checks/a.check.js': 'checks' }, gradeSeconds: 20, harnessUrl: '/grading/harness.json' },
  packages: [],
};

/** A fetch that answers the harness URL with `body` (JSON) and `status`, counting its calls. */
function harnessFetch(body: unknown = { files: harness }, status = 200) {
  return vi.fn(async (url: string | URL | Request) => {
    expect(String(url)).toBe('/grading/harness.json');
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
  });
}

function grading(overrides: Partial<WebContainerGrading> = {}): WebContainerGrading {
  return { ...gradingFromPayload(payload, harnessFetch() as typeof fetch), ...overrides };
}

/** A runtime whose grader process prints `output` and exits with `code` (or never exits when `code` is undefined). */
function graderRuntime(output: string, code: number | undefined, options: Partial<WebContainerGrading> = {}) {
  const container = new FakeContainer();
  container.onSpawn = (p) => queueMicrotask(() => {
    p.print(output);
    if (code !== undefined) p.end(code);
  });
  const runtime = new WebContainerRuntime(container, { main: 'node server.js', grading: grading(options) });
  return { container, runtime };
}

describe('gradingFromPayload', () => {
  it('is the pristine exercise (manifest, starter, checks, no solution) with a timeout above its budget', () => {
    const g = gradingFromPayload(payload, harnessFetch() as typeof fetch);
    expect(g.exercise).toEqual({
      'exercise.json': '{}',
      'checks/a.check.js': 'checks',
      'starter/server.js': 'starter',
      'starter/lib/helper.js': 'helper',
    });
    expect(g.timeoutMs).toBe(20_000 + GRADE_MARGIN_MS);
  });

  it('downloads the harness once, and again only after a failed download', async () => {
    const ok = harnessFetch();
    const g = gradingFromPayload(payload, ok as typeof fetch);
    expect(await g.harness()).toEqual(harness);
    await g.harness();
    expect(ok).toHaveBeenCalledTimes(1);

    const missing = harnessFetch('not found', 404);
    const broken = gradingFromPayload(payload, missing as typeof fetch);
    await expect(broken.harness()).rejects.toThrow('/grading/harness.json answered 404');
    await expect(broken.harness()).rejects.toThrow('answered 404');
    expect(missing).toHaveBeenCalledTimes(2);
  });

  it('refuses a harness payload without the harness', async () => {
    await expect(gradingFromPayload(payload, harnessFetch('<html>') as typeof fetch).harness()).rejects.toThrow(/is not the grading harness/);
    await expect(gradingFromPayload(payload, harnessFetch({ files: { 'grade.js': 'x' } }) as typeof fetch).harness()).rejects.toThrow(
      /check-worker.js is missing/,
    );
  });
});

describe('WebContainerRuntime.check', () => {
  it('mounts the harness and the pristine exercise afresh beside the learner files, runs the harness, returns its results', async () => {
    const { container, runtime } = graderRuntime(`(node:42) ExperimentalWarning: something\r\n${JSON.stringify(passing)}\r\n`, 0);
    expect(await runtime.check()).toEqual(passing);
    expect(container.removed).toEqual([GRADING_DIR]);
    expect(container.mounts).toEqual([
      {
        [GRADING_DIR]: {
          directory: {
            harness: { directory: toFileTree(harness) },
            exercise: {
              directory: {
                'exercise.json': { file: { contents: '{}' } },
                checks: { directory: { 'a.check.js': { file: { contents: 'checks' } } } },
                starter: { directory: toFileTree({ 'server.js': 'starter', 'lib/helper.js': 'helper' }) },
              },
            },
          },
        },
      },
    ]);
    expect(JSON.stringify(container.mounts)).not.toContain('THE SOLUTION');
    const grader = container.processes[0]!;
    expect([grader.command, grader.args]).toEqual(['node', [`${GRADING_DIR}/harness/grade.js`, '--progress', '--packages', 'node_modules', `${GRADING_DIR}/exercise`, '.']]);
    expect(grader.args).toEqual([...GRADE_COMMAND.args]);
  });

  it('turns a grader that could not grade into a run-level error with its reason', async () => {
    const { runtime } = graderRuntime('invalid exercise manifest: timeouts.grade: expected number\n', 2);
    const results = await runtime.check();
    expect(results).toMatchObject({ version: 1, status: 'error', tests: [] });
    expect(results.message).toBe('The checks could not run: the grader stopped with exit code 2: invalid exercise manifest: timeouts.grade: expected number');
  });

  it('turns output that is not a results object into a run-level error', async () => {
    const results = await graderRuntime('Segmentation fault\n', 0).runtime.check();
    expect(results.message).toBe('The checks could not run: the grader did not print a results object: Segmentation fault');
    const silent = await graderRuntime('', 0).runtime.check();
    expect(silent.message).toBe('The checks could not run: the grader did not print a results object and printed nothing');
  });

  it('turns malformed results into a run-level error naming the field', async () => {
    const bad = { ...passing, tests: [{ ...passing.tests[0], status: 'ok' }] };
    const results = await graderRuntime(`${JSON.stringify(bad)}\n`, 0).runtime.check();
    expect(results.status).toBe('error');
    expect(results.message).toMatch(/^The checks could not run: the grader's results are malformed \(tests\[0\]\.status: /);
  });

  it('stops a grader that outlives the timeout and says so', async () => {
    const { container, runtime } = graderRuntime('checking…\n', undefined, { timeoutMs: 50 });
    const results = await runtime.check();
    expect(results).toEqual({ version: 1, status: 'error', message: 'The checks did not finish within 0 s, so they were stopped. Try Check again.', tests: [] });
    expect(container.processes[0]!.killed).toBe(true);
  });

  it('ends with an error within the timeout when the harness download hangs', async () => {
    const { container, runtime } = graderRuntime('', 0, { timeoutMs: 50, harness: () => new Promise(() => {}) });
    expect((await runtime.check()).message).toMatch(/did not finish within/);
    expect(container.processes).toEqual([]);
  });

  it('says the grader could not be downloaded, and tries again on the next Check', async () => {
    const container = new FakeContainer();
    const fetchFn = harnessFetch('gone', 404);
    const runtime = new WebContainerRuntime(container, { main: 'node server.js', grading: gradingFromPayload(payload, fetchFn as typeof fetch) });
    const results = await runtime.check();
    expect(results).toMatchObject({ status: 'error', tests: [] });
    expect(results.message).toBe('The checks could not run: the grader could not be downloaded (/grading/harness.json answered 404)');
    await runtime.check();
    expect(fetchFn).toHaveBeenCalledTimes(2);
    expect(container.processes).toEqual([]);
  });

  it('reports a sandbox that refuses the files as a run-level error', async () => {
    const { container, runtime } = graderRuntime('', 0);
    container.mount = (async () => {
      throw new Error('EIO: the file system is gone');
    }) as WebContainer['mount'];
    expect((await runtime.check()).message).toBe('The checks could not run: EIO: the file system is gone');
  });

  it('runs one grading for Checks that overlap', async () => {
    const { container, runtime } = graderRuntime(`${JSON.stringify(passing)}\n`, 0);
    const [a, b] = await Promise.all([runtime.check(), runtime.check()]);
    expect(a).toEqual(passing);
    expect(b).toEqual(passing);
    expect(container.processes).toHaveLength(1);
    await runtime.check();
    expect(container.processes).toHaveLength(2);
  });

  it('stops a running grader when the page goes', async () => {
    const { container, runtime } = graderRuntime('', undefined);
    const checking = runtime.check();
    await vi.waitFor(() => expect(container.processes).toHaveLength(1));
    await runtime.dispose();
    expect(container.processes[0]!.killed).toBe(true);
    expect((await checking).message).toBe('The checks could not run: grading was stopped');
  });
});

describe('parseGradeOutput', () => {
  it('reads the last line after stripping terminal escapes', () => {
    expect(parseGradeOutput(`\x1b[2Kstarting\n\x1b[0m${JSON.stringify(passing)}\x1b[0m\r\n`, 0)).toEqual(passing);
  });
  it('names the exit code and the output when there is no results object', () => {
    expect(parseGradeOutput('Error: Cannot find module x\n', 1).message).toMatch(/exit code 1: Error: Cannot find module x$/);
    expect(parseGradeOutput('{"version":2}', 0).message).toMatch(/malformed \(version: /);
  });
});

describe('progressReader', () => {
  it('hands on each progress line once it is complete, across chunks and terminal escapes, and nothing else', () => {
    const heard: CheckProgress[] = [];
    const read = progressReader((event) => heard.push(event));
    const test = { id: 'a', name: 'A', task_id: 't', status: 'fail', message: 'no' } as const;
    read('starting\r\narchlab-progress {"type":"running",');
    expect(heard).toEqual([]);
    read('"id":"a"}\r\n\x1b[0marchlab-progress ' + JSON.stringify({ type: 'verdict', test }) + '\n');
    read('archlab-progress {"type":"running"}\narchlab-progress not json\nplain output\n');
    expect(heard).toEqual([{ type: 'running', id: 'a' }, { type: 'verdict', test }]);
  });
});
