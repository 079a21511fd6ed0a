/** src/process: process groups, markers found in /proc, and ending a whole tree including setsid escapees. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { commandArgv } from '../../src/process/command.ts';
import { exerciseSchema } from '../../src/schemas/exercise.ts';
import { killLeftovers, killTree } from '../../src/process/kill-tree.ts';
import { findMarked, markerOf, newMarker, underMarker, withMarker } from '../../src/process/marker.ts';
import { isAlive, signalGroup, spawnInGroup } from '../../src/process/process-group.ts';

const hasProc = process.platform === 'linux';
const SLEEPER = 'setInterval(() => {}, 1e6)';
/** A sleeper that says `ready` once it runs, so its environment is the one it was started with. */
const READY_SLEEPER = `console.log('ready'); ${SLEEPER}`;

/** Starts `code` in node with its stdout piped. */
function node(code: string, options: { marker?: string; group?: boolean } = {}): ChildProcess {
  const env = options.marker ? withMarker(process.env, options.marker) : process.env;
  const args = ['-e', code];
  return options.group
    ? spawnInGroup(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
}

/** Script: spawn `count` children (in new sessions when `setsid`) and print their pids. */
function parentOf(count: number, setsid: boolean): string {
  return `const { spawn } = require('node:child_process');
for (let i = 0; i < ${count}; i++) {
  const c = spawn(process.execPath, ['-e', ${JSON.stringify(SLEEPER)}], { detached: ${setsid}, stdio: 'ignore' });
  console.log(c.pid);
}
${SLEEPER}`;
}

/** Resolves with the first `count` lines `child` prints; rejects if it exits before printing them. */
function lines(child: ChildProcess, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk;
      const done = text.split('\n').slice(0, -1);
      if (done.length >= count) resolve(done.slice(0, count));
    });
    child.once('exit', (code, signal) => reject(new Error(`the child exited (${signal ?? code}) before printing ${count} lines: ${text}`)));
  });
}

const childPids = async (child: ChildProcess, count: number) => (await lines(child, count)).map(Number);

/** Waits until every sleeper has said it is ready. */
async function ready(...sleepers: ChildProcess[]): Promise<void> {
  for (const lineSeen of await Promise.all(sleepers.map((s) => lines(s, 1)))) expect(lineSeen).toEqual(['ready']);
}

async function gone(pids: number[], within = 2000): Promise<boolean> {
  const until = performance.now() + within;
  while (performance.now() < until) {
    if (!pids.some(isAlive)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) {
    if (child.pid) signalGroup(child.pid, 'SIGKILL'); // group leaders and their children
    child.kill('SIGKILL'); // plain children
  }
});

describe('process groups', () => {
  it('one signal to the group ends the leader and the children it forked', async () => {
    const parent = node(parentOf(2, false), { group: true });
    started.push(parent);
    const children = await childPids(parent, 2);
    expect(children.every(isAlive)).toBe(true);
    signalGroup(parent.pid!, 'SIGKILL');
    expect(await gone([parent.pid!, ...children])).toBe(true);
  });

  it('signalGroup still signals the leader when there is no group to signal (ESRCH, as without process groups)', async () => {
    const child = node('setInterval(() => {}, 1000);', { group: false });
    started.push(child);
    const exited = once(child, 'exit');
    signalGroup(child.pid!, 'SIGKILL');
    expect((await exited)[1]).toBe('SIGKILL');
  });

  it('signalGroup ignores a group that no longer exists', () => {
    expect(() => signalGroup(2 ** 22 + 12345, 'SIGKILL')).not.toThrow();
  });
});

describe.runIf(hasProc)('markers', () => {
  it('finds processes by marker, nested markers included, and reads a marker back', async () => {
    const marker = newMarker('test');
    expect(marker).toMatch(new RegExp(`^${process.pid}:test:[0-9a-f]{12}$`));
    const a = node(READY_SLEEPER, { marker });
    const b = node(READY_SLEEPER, { marker: `${marker}:child` });
    const other = node(READY_SLEEPER, { marker: `${marker}x` });
    started.push(a, b, other);
    await ready(a, b, other);
    expect(await markerOf(a.pid!)).toBe(marker);
    expect((await findMarked(underMarker(marker))).sort()).toEqual([a.pid!, b.pid!].sort());
  });

  it('withMarker puts the marker last so the given environment cannot replace it', () => {
    expect(withMarker({ ARCHLAB_SANDBOX: 'forged', A: '1' }, 'real')).toEqual({ ARCHLAB_SANDBOX: 'real', A: '1' });
  });

  it('killTree ends the group and the setsid escapees, and nothing with another marker', async () => {
    const marker = newMarker('test');
    const bystander = node(READY_SLEEPER, { marker: newMarker('run') });
    started.push(bystander);
    await ready(bystander);
    const parent = node(parentOf(3, true), { marker, group: true });
    started.push(parent);
    const escapees = await childPids(parent, 3);
    expect(await findMarked(underMarker(marker))).toHaveLength(4);

    // The group alone misses the escapees: they are in sessions of their own.
    const parentExit = once(parent, 'exit');
    signalGroup(parent.pid!, 'SIGKILL');
    expect(await parentExit).toEqual([null, 'SIGKILL']);
    expect(escapees.every(isAlive)).toBe(true);

    expect(await killTree(marker)).toBe(0);
    expect(await gone(escapees)).toBe(true);
    expect(await findMarked(underMarker(marker))).toEqual([]);
    expect(isAlive(bystander.pid!)).toBe(true);
  });

  it('killLeftovers ends marked processes whose owner is gone', async () => {
    // A marker whose owner pid cannot be alive.
    const orphan = node(READY_SLEEPER, { marker: `${2 ** 22 + 999}:session:left` });
    const mine = node(READY_SLEEPER, { marker: newMarker('test') });
    started.push(orphan, mine);
    await ready(orphan, mine);
    expect(await killLeftovers()).toBeGreaterThanOrEqual(1);
    expect(await gone([orphan.pid!])).toBe(true);
    expect(isAlive(mine.pid!)).toBe(true);
  });
});

describe('commandArgv', () => {
  it('splits on whitespace and runs `node` with the current Node', () => {
    expect(commandArgv('  node   server.js --port 1 ')).toEqual([process.execPath, 'server.js', '--port', '1']);
    expect(commandArgv('python3 app.py')).toEqual(['python3', 'app.py']);
  });

  it('refuses an empty command', () => {
    expect(() => commandArgv('   ')).toThrow(/empty/);
  });

  it('is what exercise.json allows as main: no shell syntax, since no runtime starts it through a shell', () => {
    const main = (value: string) => exerciseSchema.shape.main.safeParse(value);
    expect(main('node server.js --verbose').success).toBe(true);
    for (const bad of ['node server.js | tee log', 'PORT=1 node $FILE', "node 'my server.js'", 'node a.js && node b.js']) {
      expect(main(bad).error?.issues[0]?.message).toMatch(/without a shell, so no quotes, pipes or variables/);
    }
  });
});
