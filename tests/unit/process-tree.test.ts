/** src/process: process groups, markers found in /proc, and ending a whole tree including setsid escapees. */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { commandArgv } from '../../src/process/command.ts';
import { killLeftovers, killTree } from '../../src/process/kill-tree.ts';
import { findMarked, markerOf, newMarker, underMarker, withMarker } from '../../src/process/marker.ts';
import { isAlive, signalGroup, spawnInGroup } from '../../src/process/process-group.ts';

const hasProc = process.platform === 'linux';
const SLEEPER = 'setInterval(() => {}, 1e6)';

/** Starts `code` in node; the script prints the pids of the children it made, one per line. */
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

function childPids(child: ChildProcess, count: number): Promise<number[]> {
  return new Promise((resolve) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk;
      const pids = text.split('\n').filter(Boolean).map(Number);
      if (pids.length >= count) resolve(pids);
    });
  });
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

  it('signalGroup ignores a group that no longer exists', () => {
    expect(() => signalGroup(2 ** 22 + 12345, 'SIGKILL')).not.toThrow();
  });
});

describe.runIf(hasProc)('markers', () => {
  it('finds processes by marker, nested markers included, and reads a marker back', async () => {
    const marker = newMarker('test');
    expect(marker).toMatch(new RegExp(`^${process.pid}:test:[0-9a-f]{12}$`));
    const a = node(SLEEPER, { marker });
    const b = node(SLEEPER, { marker: `${marker}:child` });
    const other = node(SLEEPER, { marker: `${marker}x` });
    started.push(a, b, other);
    await new Promise((r) => setTimeout(r, 100));
    expect(await markerOf(a.pid!)).toBe(marker);
    expect((await findMarked(underMarker(marker))).sort()).toEqual([a.pid!, b.pid!].sort());
  });

  it('withMarker puts the marker last so the given environment cannot replace it', () => {
    expect(withMarker({ ARCHLAB_SANDBOX: 'forged', A: '1' }, 'real')).toEqual({ ARCHLAB_SANDBOX: 'real', A: '1' });
  });

  it('killTree ends the group and the setsid escapees, and nothing with another marker', async () => {
    const marker = newMarker('test');
    const bystander = node(SLEEPER, { marker: newMarker('run') });
    started.push(bystander);
    const parent = node(parentOf(3, true), { marker, group: true });
    started.push(parent);
    const escapees = await childPids(parent, 3);
    expect(await findMarked(underMarker(marker))).toHaveLength(4);

    // The group alone misses the escapees: they are in sessions of their own.
    signalGroup(parent.pid!, 'SIGKILL');
    await gone([parent.pid!]);
    expect(escapees.every(isAlive)).toBe(true);

    expect(await killTree(marker)).toBe(0);
    expect(await gone(escapees)).toBe(true);
    expect(await findMarked(underMarker(marker))).toEqual([]);
    expect(isAlive(bystander.pid!)).toBe(true);
  });

  it('killLeftovers ends marked processes whose owner is gone', async () => {
    // A marker whose owner pid cannot be alive.
    const orphan = node(SLEEPER, { marker: `${2 ** 22 + 999}:session:left` });
    const mine = node(SLEEPER, { marker: newMarker('test') });
    started.push(orphan, mine);
    await new Promise((r) => setTimeout(r, 100));
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
});
