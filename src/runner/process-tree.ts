/**
 * Finding and ending every process a sandbox started. A pty's child leads its own process group, but a learner's
 * program may fork, call `setsid` or daemonize and leave that group; what it cannot shed (short of wiping its
 * environment) is the marker variable every sandbox process inherits. On Linux the marker is read from
 * `/proc/<pid>/environ`; elsewhere only the process group is reachable.
 *
 * Marker value: `<runner pid>:<session id>:<pty id>`, so one prefix selects a pty, a session, or a whole runner,
 * and leftovers of a runner that died can be told apart from those of a runner still alive.
 */
import { readdir, readFile } from 'node:fs/promises';

export const MARKER_VARIABLE = 'ARCHLAB_SANDBOX';

export function markerValue(sessionId: string, pty: number): string {
  return `${process.pid}:${sessionId}:${pty}`;
}

/** Marker prefix selecting every process of one session of this runner. */
export function sessionMarkerPrefix(sessionId: string): string {
  return `${process.pid}:${sessionId}:`;
}

const markerPrefix = Buffer.from(`\0${MARKER_VARIABLE}=`);

/** The marker of a running process, or null when it has none, is gone, or cannot be read. */
async function markerOf(pid: number): Promise<string | null> {
  let environ: Buffer;
  try {
    environ = await readFile(`/proc/${pid}/environ`);
  } catch {
    return null;
  }
  // Prepend NUL so the variable matches at the very start as well as after any other entry.
  const haystack = Buffer.concat([Buffer.from('\0'), environ]);
  const at = haystack.indexOf(markerPrefix);
  if (at < 0) return null;
  const start = at + markerPrefix.length;
  const end = haystack.indexOf(0, start);
  return haystack.subarray(start, end < 0 ? undefined : end).toString();
}

/** Pids (other than this process) whose marker satisfies `select`. Empty where there is no `/proc`. */
export async function findMarked(select: (marker: string) => boolean): Promise<number[]> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [];
  }
  const pids = entries.filter((e) => /^\d+$/.test(e)).map(Number).filter((pid) => pid !== process.pid);
  const markers = await Promise.all(pids.map(markerOf));
  return pids.filter((_, i) => {
    const marker = markers[i];
    return marker != null && select(marker);
  });
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone, or not ours: nothing to end.
  }
}

/**
 * SIGKILL the process groups led by `leaders` and every process whose marker satisfies `select`, repeating until
 * none is left, so a process that forks while it is being ended is caught on the next pass.
 * Resolves with the number of processes still found after the last pass (0 unless something resists).
 */
export async function killTree(select: (marker: string) => boolean, leaders: readonly number[] = []): Promise<number> {
  for (const leader of leaders) signal(-leader, 'SIGKILL');
  for (let pass = 0; pass < 20; pass++) {
    const pids = await findMarked(select);
    if (pids.length === 0) return 0;
    // Stop them all first so none can fork a replacement between its sibling's kill and its own.
    for (const pid of pids) signal(pid, 'SIGSTOP');
    for (const pid of pids) signal(pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 10 * pass));
  }
  return (await findMarked(select)).length;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Ends marked processes whose runner is no longer alive (left by a runner that was killed). Returns their count. */
export async function killLeftovers(): Promise<number> {
  const ownerOf = (marker: string) => Number(marker.split(':', 1)[0]);
  const orphans = await findMarked((m) => {
    const owner = ownerOf(m);
    return Number.isInteger(owner) && owner > 0 && owner !== process.pid && !isAlive(owner);
  });
  for (const pid of orphans) signal(pid, 'SIGKILL');
  return orphans.length;
}
