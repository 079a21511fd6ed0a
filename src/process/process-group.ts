/**
 * Child processes that lead their own process group, so one signal reaches the child and everything it forked
 * (unless a descendant called `setsid`; `kill-tree.ts` finds those by their marker).
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

// On Windows `detached` opens a new console instead of a group, and negative pids do not exist.
const hasGroups = process.platform !== 'win32';

/** `spawn` with the child as leader of a new process group. */
export function spawnInGroup(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  return spawn(command, args, { ...options, detached: hasGroups });
}

/** Sends `signal` to the group led by `pid`; falls back to the pid alone where groups are unavailable. Never throws. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  if (hasGroups) {
    try {
      process.kill(-pid, signal);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return;
      // Some sandboxes (WebContainer) have no process groups: signal the leader itself below.
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

/** True while `pid` exists (even if owned by someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
