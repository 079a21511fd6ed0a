/** The runner's processes: shell and Run on ptys, output, limits on time and rate, and no process left behind. */
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { newMarker, withMarker } from '../../src/process/marker.ts';
import { ephemeralRange } from '../../src/process/port-allocator.ts';
import type { LocalRuntime } from '../../src/runtime/local.ts';
import type { CheckProgress } from '../../src/schemas/check-progress.ts';
import { Arrivals, eventually, openRuntime, REAL_EXERCISE, repoRoot, sandboxProcesses, startRunner, Transcript, type TestRunner } from './runner-harness.ts';

const TERMINAL = { cols: 80, rows: 24 };

let runner: TestRunner | undefined;
afterEach(async () => {
  await runner?.close();
  runner = undefined;
  // Whatever a test did, closing the runner leaves no sandbox process behind.
  expect(await sandboxProcesses()).toEqual([]);
});

/** The `server-ready` events of a session: which port, at which preview URL. */
function serverReady(runtime: LocalRuntime): Arrivals<{ port: number; url: string }> {
  const ready = new Arrivals<{ port: number; url: string }>();
  runtime.onServerReady((port, url) => ready.push({ port, url }));
  return ready;
}

function notices(runtime: LocalRuntime): Arrivals<string> {
  const seen = new Arrivals<string>();
  runtime.onNotice(seen.push);
  return seen;
}

describe('shell', () => {
  it('shows a prompt, runs a typed command and streams its output', async () => {
    runner = await startRunner({ repoRoot });
    const t0 = performance.now();
    const runtime = await openRuntime(runner, REAL_EXERCISE);
    const ready = serverReady(runtime);
    const shell = await runtime.shell(TERMINAL);
    const out = new Transcript(shell);
    await out.waitFor(/graceful-shutdown.*[$#] $/m);
    const toPrompt = performance.now() - t0;

    shell.write('echo "port=$PORT"; ls\r');
    await out.waitFor(/port=\d+[\s\S]*server\.js/);
    expect(out.text).toContain(`port=${shell.port}`);
    // From the runner's allocator, below the ports the kernel hands to outgoing connections.
    expect(shell.port).toBeLessThan(ephemeralRange().low);
    console.info(`open → first prompt: ${toPrompt.toFixed(0)} ms`);

    // A server started by hand on the shell's PORT gets a preview too.
    shell.write('node server.js\r');
    expect(await ready.waitFor(() => true, 'server-ready')).toMatchObject({ port: shell.port });
  });

  it('resizes the pty', async () => {
    runner = await startRunner({ repoRoot });
    const runtime = await openRuntime(runner, REAL_EXERCISE);
    const shell = await runtime.shell(TERMINAL);
    const out = new Transcript(shell);
    shell.resize(123, 45);
    shell.write('stty size\r');
    await out.waitFor(/45 123/);
  });
});

describe('run', () => {
  it("starts exercise.json's main with a free PORT, reports server-ready, and restarts on a second run", async () => {
    runner = await startRunner({ repoRoot });
    const runtime = await openRuntime(runner, REAL_EXERCISE);
    const ready = serverReady(runtime);
    const t0 = performance.now();
    const first = await runtime.run(TERMINAL);
    await new Transcript(first).waitFor(/listening on http:\/\/localhost:\d+/);
    const toOutput = performance.now() - t0;
    const firstReady = await ready.waitFor((r) => r.port === first.port, 'server-ready of the first run');
    expect(firstReady.url).toBe(`http://${runtime.sessionId}-${first.port}.localhost:${runner.port}/`);

    const second = await runtime.run(TERMINAL);
    // The first run is ended (with its tree) before the second starts.
    await first.exit;
    await ready.waitFor((r) => r.port === second.port, 'server-ready of the second run');
    expect(second.port).not.toBe(first.port);
    console.info(`run → first output: ${toOutput.toFixed(0)} ms`);
  });

  it('kills a run on request, including processes that called setsid', async () => {
    runner = await startRunner();
    const runtime = await openRuntime(runner, 'runner-fixtures/escapees');
    const run = await runtime.run(TERMINAL);
    await new Transcript(run).waitFor(/started escapees/);
    // node escape.js, its setsid child and that one's detached grandchild, and its plain child.
    expect((await sandboxProcesses()).length).toBeGreaterThanOrEqual(4);
    run.kill();
    await run.exit;
    expect(await sandboxProcesses()).toEqual([]);
  });
});

describe('ending', () => {
  it('kills the whole tree, setsid escapees included, when the socket disconnects', async () => {
    runner = await startRunner();
    const runtime = await openRuntime(runner, 'runner-fixtures/escapees');
    const run = new Transcript(await runtime.run(TERMINAL));
    const shell = await runtime.shell(TERMINAL);
    const shellOut = new Transcript(shell);
    await shellOut.waitFor(/[$#] $/m);
    // The escapee says so once it runs in its new session; the typed line echoed back cannot match /bg-\d+-running/.
    shell.write(`setsid sh -c 'echo "bg-$$-running"; exec sleep 600' &\r`);
    await run.waitFor(/started escapees/);
    await shellOut.waitFor(/bg-\d+-running/);
    // run: node + setsid child + its detached grandchild + plain child; shell: bash + setsid sleep.
    expect((await sandboxProcesses()).length).toBeGreaterThanOrEqual(6);
    await runtime.dispose();
    expect(await eventually(async () => (await sandboxProcesses()).length === 0)).toBe(true);
  });

  it('ends an idle session, telling the client why, and its processes with it', async () => {
    runner = await startRunner({ idleMs: 400 });
    const runtime = await openRuntime(runner, 'runner-fixtures/escapees');
    const told = notices(runtime);
    const run = await runtime.run(TERMINAL);
    await told.waitFor((n) => /ended after .* without activity/.test(n), 'the idle notice');
    await run.exit;
    await told.waitFor((n) => /The sandbox stopped/.test(n), 'the closed connection');
    expect(await eventually(async () => (await sandboxProcesses()).length === 0)).toBe(true);
  });

  it('ends every session when the runner closes', async () => {
    runner = await startRunner();
    const runtime = await openRuntime(runner, 'runner-fixtures/escapees');
    const told = notices(runtime);
    await new Transcript(await runtime.run(TERMINAL)).waitFor(/started escapees/);
    await runner.close();
    runner = undefined;
    await told.waitFor((n) => n === 'the runner is stopping', 'the shutdown notice');
    expect(await sandboxProcesses()).toEqual([]);
  });

  it('ends marked processes left by a runner that was killed', async () => {
    // A runner that is gone: a process that has exited, whose pid owns the leftover's marker.
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.once('exit', resolve));
    const marker = newMarker('sandbox').replace(/^\d+/, String(dead.pid));
    const leftover = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      env: withMarker(process.env, marker),
      detached: true,
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => leftover.once('exit', (_code, signal) => resolve(signal)));
    runner = await startRunner();
    expect(await exited).toBe('SIGKILL');
  });
});

describe('output rate', () => {
  it('slows a program that prints without end to the cap and says so', async () => {
    const rate = 32 * 1024;
    runner = await startRunner({ limits: { outputBytesPerSecond: rate } });
    const runtime = await openRuntime(runner, 'runner-fixtures/flood');
    const told = notices(runtime);
    const out = new Transcript(await runtime.run(TERMINAL));
    await out.waitFor(/x/);
    const start = performance.now();
    // A measuring window, not a wait for an event: the bounds below hold for whatever time actually passed.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const bytes = Buffer.byteLength(out.text);
    const seconds = (performance.now() - start) / 1000;
    // One second's burst plus the rate over the elapsed time, plus what a pty holds in flight.
    expect(bytes).toBeLessThan(rate * (1 + seconds) + 64 * 1024);
    expect(bytes).toBeGreaterThan(rate / 2);
    expect(await told.waitFor(() => true, 'a notice')).toMatch(/32 KB\/s/);
  });
});

describe('check', () => {
  it("grades the learner's current editable files with the pristine exercise's checks", async () => {
    runner = await startRunner();
    const runtime = await openRuntime(runner, 'runner-fixtures/graded');
    expect(await runtime.check()).toMatchObject({ status: 'fail', tests: [{ id: 'answer-is-42', status: 'fail' }] });
    await runtime.writeFile('answer.js', 'export const answer = 42;\n');
    const heard: CheckProgress[] = [];
    const results = await runtime.check((event) => heard.push(event));
    expect(results).toMatchObject({ status: 'pass', tests: [{ id: 'answer-is-42', status: 'pass' }] });
    // The runner streams the list, the start and the verdict before the results, the verdict exactly as they hold it.
    expect(heard).toEqual([
      { type: 'checks', checks: [{ id: 'answer-is-42', name: results.tests[0]!.name, task_id: results.tests[0]!.task_id }] },
      { type: 'running', id: 'answer-is-42' },
      { type: 'verdict', test: results.tests[0] },
    ]);
  });
});
