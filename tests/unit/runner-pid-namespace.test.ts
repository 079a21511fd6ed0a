/**
 * Sandbox ptys in PID namespaces: a process that drops the marker and calls setsid still ends with its session,
 * signals from the terminal reach the program once, and with namespaces disabled the marker fallback runs.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { markerOf } from '../../src/process/marker.ts';
import { NO_PID_NAMESPACE_VARIABLE, pidIsolation } from '../../src/process/pid-namespace.ts';
import { signalProcess } from '../../src/process/process-group.ts';
import { Client, eventually, sandboxProcesses, startRunner, type TestRunner } from './runner-harness.ts';

const namespaced = pidIsolation().mode === 'pid-namespace';

let runner: TestRunner | undefined;
afterEach(async () => {
  await runner?.close();
  runner = undefined;
  delete process.env[NO_PID_NAMESPACE_VARIABLE];
});

/** Pids of processes whose argv is exactly `argv` (read from /proc, as seen from the runner). */
async function running(argv: readonly string[]): Promise<number[]> {
  const wanted = `${argv.join('\0')}\0`;
  const pids: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const cmdline = await readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '');
    if (cmdline === wanted) pids.push(Number(name));
  }
  return pids;
}

/** Opens a shell in a fresh session, starts a double-forked `setsid sleep` without the marker; returns its argv. */
async function startEscapee(client: Client): Promise<{ shell: number; argv: string[] }> {
  await client.open('runner-fixtures/escapees');
  const { pty: shell } = await client.spawn('shell');
  await client.waitForOutput(shell, /[$#] $/m);
  // A sleep whose argv no other process has, so /proc finds this one.
  const argv = ['sleep', String(900 + Math.floor(Math.random() * 100_000))];
  client.send({ type: 'input', pty: shell, data: `(env -u ARCHLAB_SANDBOX setsid ${argv.join(' ')} &); echo $((6 * 7))-escaped\r` });
  await client.waitForOutput(shell, /42-escaped/);
  expect(await eventually(async () => (await running(argv)).length === 1)).toBe(true);
  const [pid] = await running(argv);
  expect(await markerOf(pid!)).toBeNull();
  return { shell, argv };
}

/** The PID namespace a command typed in the shell runs in (`pid:[…]`). */
async function shellNamespace(client: Client, shell: number): Promise<string> {
  client.send({ type: 'input', pty: shell, data: 'echo "ns=$(readlink /proc/self/ns/pid)="\r' });
  await client.waitForOutput(shell, /ns=pid:\[\d+\]=/);
  return /ns=(pid:\[\d+\])=/.exec(client.output(shell))![1]!;
}

describe.runIf(namespaced)('with PID namespaces', () => {
  it('ends a double-forked setsid process without the marker within 2 s of disconnect', async () => {
    runner = await startRunner();
    const client = await Client.connect(runner);
    const { shell, argv } = await startEscapee(client);
    expect(await shellNamespace(client, shell)).not.toBe(await readlink('/proc/self/ns/pid'));

    const closed = performance.now();
    client.close();
    expect(await eventually(async () => (await running(argv)).length === 0, 2000)).toBe(true);
    console.info(`escapee gone ${(performance.now() - closed).toFixed(0)} ms after disconnect`);
    expect(await sandboxProcesses()).toEqual([]);
  });

  it('delivers Ctrl+C to the program started by Run once, and reports how it exited', async () => {
    runner = await startRunner();
    const client = await Client.connect(runner);
    await client.open('runner-fixtures/sigint');
    const { pty } = await client.spawn('run');
    await client.waitForOutput(pty, /waiting for SIGINT/);
    client.send({ type: 'input', pty, data: '\x03' });
    expect(await client.waitFor((m) => m.type === 'exit' && m.pty === pty)).toMatchObject({ code: 0, signal: null });
    expect(client.output(pty)).toContain('exiting after 1 SIGINT');
  });
});

describe('with PID namespaces disabled', () => {
  it('falls back to markers: the shell shares the runner namespace, and a setsid process without the marker survives', async () => {
    process.env[NO_PID_NAMESPACE_VARIABLE] = '1';
    expect(pidIsolation()).toMatchObject({ mode: 'marker', prefix: [], description: expect.stringContaining(`${NO_PID_NAMESPACE_VARIABLE}=1`) });
    runner = await startRunner();
    const client = await Client.connect(runner);
    const { shell, argv } = await startEscapee(client);
    expect(await shellNamespace(client, shell)).toBe(await readlink('/proc/self/ns/pid'));

    client.close();
    expect(await eventually(async () => (await sandboxProcesses()).length === 0)).toBe(true);
    // The limit the namespace removes: nothing marks this one, so nothing finds it.
    const survivors = await running(argv);
    for (const pid of survivors) signalProcess(pid, 'SIGKILL');
    expect(survivors).toHaveLength(1);
  });
});
