/**
 * Child processes that lead their own process group, so one signal reaches the child and everything it forked
 * (unless a descendant called `setsid`; `kill-tree.ts` finds those by their marker).
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';

// On Windows `detached` opens a new console instead of a group, and negative pids do not exist.
const hasGroups = process.platform !== 'win32';

/** `spawn` with the child as leader of a new process group. */
export function spawnInGroup(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  return spawn(command, args, { ...options, detached: hasGroups });
}

/**
 * Sends `signal` to the group led by `pid`; falls back to the pid alone where there is no such group. Never throws.
 * ESRCH falls back too: a sandbox without process groups (WebContainer) may answer it for a leader that still runs.
 */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  if (hasGroups) {
    try {
      process.kill(-pid, signal);
      return;
    } catch {
      // No group to signal (gone, or groups unsupported): signal the leader itself below.
    }
  }
  signalProcess(pid, signal);
}

/** `process.kill` that ignores a process which is already gone or not ours. */
export function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Gone already, or not ours to signal: nothing to do.
  }
}

/** True while `pid` runs (even if owned by someone else); a zombie, dead but not yet reaped, is not alive. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/** On Linux, whether `pid` has exited and waits to be reaped (an init that reaps slowly keeps such entries around). */
function isZombie(pid: number): boolean {
  try {
    // Format: "pid (comm) state ..."; comm may contain spaces and parentheses, so read after the last ")".
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}
