/**
 * The PID namespace sandbox processes start in: the program runs under an init, not as PID 1; signals to the
 * group reach it once; its exit status comes through; orphans are reaped; and grading behaves the same without
 * namespaces as `npm run verify` shows it does with them.
 */
import type { ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyExercise } from '../../src/grading/verify.ts';
import { isolatedCommand, NO_PID_NAMESPACE_VARIABLE, pidIsolation, spawnIsolated } from '../../src/process/pid-namespace.ts';
import { signalGroup } from '../../src/process/process-group.ts';
import { eventually, REAL_EXERCISE, repoRoot } from './runner-harness.ts';

const namespaced = pidIsolation().mode === 'pid-namespace';

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
  delete process.env[NO_PID_NAMESPACE_VARIABLE];
});

function start(command: string, args: string[]): ChildProcess {
  const child = spawnIsolated(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  started.push(child);
  return child;
}

function exit(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => child.stdout!.setEncoding('utf8').once('data', (text: string) => resolve(text.trim())));
}

/** Pids whose parent is `pid`, from /proc. */
async function childrenOf(pid: number): Promise<number[]> {
  const children: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ")".
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) children.push(Number(name));
  }
  return children;
}

describe.runIf(namespaced)('a program in a PID namespace', () => {
  it('runs as the child of an init, not as PID 1, and exits with its own status', async () => {
    const child = start('/bin/sh', ['-c', 'echo "pid $$"; exit 3']);
    expect(await firstLine(child)).toBe('pid 2');
    expect(await exit(child)).toEqual({ code: 3, signal: null });
  });

  it('gets a SIGTERM sent to the group once, and may exit by itself', async () => {
    const program = `
      let count = 0;
      process.on('SIGTERM', () => {
        if (++count === 1) setTimeout(() => process.exit(count), 300);
      });
      setInterval(() => {}, 1000);
      console.log('ready');`;
    const child = start(process.execPath, ['-e', program]);
    expect(await firstLine(child)).toBe('ready');
    signalGroup(child.pid!, 'SIGTERM');
    // The exit code is the number of SIGTERMs that arrived.
    expect(await exit(child)).toEqual({ code: 1, signal: null });
  });

  it('reports a program ended by a signal as 128 + its number, as a shell does', async () => {
    const child = start('/bin/sh', ['-c', 'kill -KILL $$']);
    expect(await exit(child)).toEqual({ code: 128 + 9, signal: null });
  });

  it('reaps orphans while the program runs', async () => {
    // The subshell exits at once, leaving its background child to the init; the program then waits on stdin.
    const child = start('/bin/sh', ['-c', '(sh -c "exit 0" &); echo orphaned; read line']);
    expect(await firstLine(child)).toBe('orphaned');
    const [init] = await childrenOf(child.pid!);
    expect(await eventually(async () => (await childrenOf(init!)).length === 1)).toBe(true);
    child.stdin!.end('\n');
    expect(await exit(child)).toEqual({ code: 0, signal: null });
  });
});

describe('without PID namespaces', () => {
  it('starts programs as they are when disabled by the environment', () => {
    process.env[NO_PID_NAMESPACE_VARIABLE] = '1';
    expect(pidIsolation().mode).toBe('marker');
    expect(isolatedCommand('/bin/sh', ['-c', 'true'])).toEqual({ file: '/bin/sh', args: ['-c', 'true'] });
  });
});

describe.runIf(namespaced)('grading', () => {
  // `npm run verify` grades every exercise with namespaces; this grades graceful-shutdown (whose checks signal the
  // learner's program) without them. Verify rows pass only when each variant fails exactly its listed checks, so both
  // modes passing means both grade every variant the same.
  it("grades graceful-shutdown's solution, starter and wrong variants as listed without namespaces too", async () => {
    process.env[NO_PID_NAMESPACE_VARIABLE] = '1';
    const exerciseDir = path.join(repoRoot, 'sandboxes', REAL_EXERCISE);
    const rows = (await verifyExercise(exerciseDir, REAL_EXERCISE)).map(({ variant, problem }) => ({ variant, problem }));
    expect(rows.filter((row) => row.problem)).toEqual([]);
    expect(rows.map((row) => row.variant)).toEqual(['solution', 'starter', 'wrong/close-without-deadline', 'wrong/exit-immediately', 'wrong/fixed-deadline']);
  }, 600_000);
});
