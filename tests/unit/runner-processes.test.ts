/** The runner's processes: shell and Run on ptys, output, limits on time and rate, and no process left behind. */
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { newMarker, withMarker } from '../../src/process/marker.ts';
import { Client, eventually, REAL_EXERCISE, repoRoot, sandboxProcesses, startRunner, type TestRunner } from './runner-harness.ts';

let runner: TestRunner | undefined;
afterEach(async () => {
  await runner?.close();
  runner = undefined;
  // Whatever a test did, closing the runner leaves no sandbox process behind.
  expect(await sandboxProcesses()).toEqual([]);
});

describe('shell', () => {
  it('shows a prompt, runs a typed command and streams its output', async () => {
    runner = await startRunner({ repoRoot });
    const client = await Client.connect(runner);
    const t0 = performance.now();
    await client.open(REAL_EXERCISE);
    const { pty, port } = await client.spawn('shell');
    await client.waitForOutput(pty, /graceful-shutdown.*[$#] $/m);
    const toPrompt = performance.now() - t0;

    client.send({ type: 'input', pty, data: 'echo "port=$PORT"; ls\r' });
    await client.waitForOutput(pty, /port=\d+[\s\S]*server\.js/);
    expect(client.output(pty)).toContain(`port=${port}`);
    console.info(`open → first prompt: ${toPrompt.toFixed(0)} ms`);

    // A server started by hand on the shell's PORT gets a preview too.
    client.send({ type: 'input', pty, data: 'node server.js\r' });
    expect(await client.waitFor((m) => m.type === 'server-ready')).toMatchObject({ pty, port });
  });

  it('resizes the pty and rejects input for a pty that does not exist', async () => {
    runner = await startRunner({ repoRoot });
    const client = await Client.connect(runner);
    await client.open(REAL_EXERCISE);
    const { pty } = await client.spawn('shell');
    client.send({ type: 'resize', pty, cols: 123, rows: 45 });
    client.send({ type: 'input', pty, data: 'stty size\r' });
    await client.waitForOutput(pty, /45 123/);
    client.send({ type: 'input', pty: 999, data: 'x' });
    const error = await client.waitFor((m) => m.type === 'error');
    expect(error).toMatchObject({ code: 'no-pty' });
  });
});

describe('run', () => {
  it("starts exercise.json's main with a free PORT, reports server-ready, and restarts on a second run", async () => {
    runner = await startRunner({ repoRoot });
    const client = await Client.connect(runner);
    const { sessionId } = await client.open(REAL_EXERCISE);
    const t0 = performance.now();
    const first = await client.spawn('run');
    await client.waitForOutput(first.pty, /listening on http:\/\/localhost:\d+/);
    const toOutput = performance.now() - t0;
    const ready = await client.waitFor((m) => m.type === 'server-ready' && m.pty === first.pty);
    expect(ready).toMatchObject({ port: first.port, url: `http://${sessionId}-${first.port}.localhost:${runner.port}/` });

    const second = await client.spawn('run');
    // The first run is ended (with its tree) before the second starts.
    await client.waitFor((m) => m.type === 'exit' && m.pty === first.pty);
    await client.waitFor((m) => m.type === 'server-ready' && m.pty === second.pty);
    expect(second.port).not.toBe(first.port);
    console.info(`run → first output: ${toOutput.toFixed(0)} ms`);
  });

  it('kills a run on request, including processes that called setsid', async () => {
    runner = await startRunner();
    const client = await Client.connect(runner);
    await client.open('runner-fixtures/escapees');
    const { pty } = await client.spawn('run');
    await client.waitForOutput(pty, /started escapees/);
    // node escape.js, its setsid child and that one's detached grandchild, and its plain child.
    expect((await sandboxProcesses()).length).toBeGreaterThanOrEqual(4);
    client.send({ type: 'kill', pty });
    await client.waitFor((m) => m.type === 'exit' && m.pty === pty);
    expect(await sandboxProcesses()).toEqual([]);
  });
});

describe('ending', () => {
  it('kills the whole tree, setsid escapees included, when the socket disconnects', async () => {
    runner = await startRunner();
    const client = await Client.connect(runner);
    await client.open('runner-fixtures/escapees');
    const { pty } = await client.spawn('run');
    const shell = await client.spawn('shell');
    await client.waitForOutput(shell.pty, /[$#] $/m);
    // The escapee says so once it runs in its new session; the typed line echoed back cannot match /bg-\d+-running/.
    client.send({ type: 'input', pty: shell.pty, data: `setsid sh -c 'echo "bg-$$-running"; exec sleep 600' &\r` });
    await client.waitForOutput(pty, /started escapees/);
    await client.waitForOutput(shell.pty, /bg-\d+-running/);
    // run: node + setsid child + its detached grandchild + plain child; shell: bash + setsid sleep.
    expect((await sandboxProcesses()).length).toBeGreaterThanOrEqual(6);
    client.close();
    expect(await eventually(async () => (await sandboxProcesses()).length === 0)).toBe(true);
  });

  it('ends an idle session, telling the client why, and its processes with it', async () => {
    runner = await startRunner({ idleMs: 400 });
    const client = await Client.connect(runner);
    await client.open('runner-fixtures/escapees');
    await client.spawn('run');
    const ended = await client.waitFor((m) => m.type === 'ended');
    expect(ended).toMatchObject({ reason: 'idle' });
    await client.closed();
    expect(await eventually(async () => (await sandboxProcesses()).length === 0)).toBe(true);
  });

  it('ends every session when the runner closes', async () => {
    runner = await startRunner();
    const client = await Client.connect(runner);
    await client.open('runner-fixtures/escapees');
    const { pty } = await client.spawn('run');
    await client.waitForOutput(pty, /started escapees/);
    await runner.close();
    runner = undefined;
    expect(await client.waitFor((m) => m.type === 'ended')).toMatchObject({ reason: 'shutdown' });
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
    const client = await Client.connect(runner);
    await client.open('runner-fixtures/flood');
    const { pty } = await client.spawn('run');
    await client.waitForOutput(pty, /x/);
    const start = performance.now();
    // A measuring window, not a wait for an event: the bounds below hold for whatever time actually passed.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const bytes = Buffer.byteLength(client.output(pty));
    const seconds = (performance.now() - start) / 1000;
    // One second's burst plus the rate over the elapsed time, plus what a pty holds in flight.
    expect(bytes).toBeLessThan(rate * (1 + seconds) + 64 * 1024);
    expect(bytes).toBeGreaterThan(rate / 2);
    expect(await client.waitFor((m) => m.type === 'notice')).toMatchObject({ message: expect.stringMatching(/32 KB\/s/) });
  });
});

describe('check', () => {
  it("grades the learner's current editable files with the pristine exercise's checks", async () => {
    runner = await startRunner();
    const client = await Client.connect(runner);
    await client.open('runner-fixtures/graded');
    expect(await client.request({ type: 'check' }, 20_000)).toMatchObject({
      type: 'results',
      results: { status: 'fail', tests: [{ id: 'answer-is-42', status: 'fail' }] },
    });
    await client.request({ type: 'write', path: 'answer.js', contents: 'export const answer = 42;\n' });
    expect(await client.request({ type: 'check' }, 20_000)).toMatchObject({
      type: 'results',
      results: { status: 'pass', tests: [{ id: 'answer-is-42', status: 'pass' }] },
    });
  });
});
