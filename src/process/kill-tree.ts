/** Ending every process of a sandbox or grading run: its process group plus marked processes that escaped it. */
import { setTimeout as delay } from 'node:timers/promises';
import { findMarked, underMarker } from './marker.ts';
import { isAlive, signalGroup, signalProcess } from './process-group.ts';

/**
 * SIGKILLs the group led by `leader` (when given) and every process whose marker is `marker` or nested under it,
 * repeating until none is found, so a process that forks while being ended is caught on the next pass.
 * Resolves with the number still found after the last pass (0 unless something resists).
 */
export async function killTree(marker: string, leader?: number): Promise<number> {
  if (leader !== undefined) signalGroup(leader, 'SIGKILL');
  const select = underMarker(marker);
  for (let pass = 0; pass < 20; pass++) {
    const pids = await findMarked(select);
    if (pids.length === 0) return 0;
    // Freeze them all first so none can fork a replacement between one sibling's kill and the next.
    for (const pid of pids) signalProcess(pid, 'SIGSTOP');
    for (const pid of pids) signalProcess(pid, 'SIGKILL');
    await delay(5 * pass);
  }
  return (await findMarked(select)).length;
}

/** SIGKILLs marked processes whose owner (the pid that opens the marker) is no longer alive. Returns their count. */
export async function killLeftovers(): Promise<number> {
  const orphans = await findMarked((marker) => {
    const owner = Number(marker.split(':', 1)[0]);
    return Number.isInteger(owner) && owner > 0 && owner !== process.pid && !isAlive(owner);
  });
  for (const pid of orphans) signalProcess(pid, 'SIGKILL');
  return orphans.length;
}
