/** Running tasks side by side, a bounded number at a time. */
import os from 'node:os';

/** One per core: checks, and exercises in `verify`, that measure no time run this many at a time. */
export const SLOTS = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);

/** Runs `task` for each item, at most `slots` at a time, starting them in order. */
export async function inParallel<T>(items: readonly T[], slots: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(slots, items.length) }, lane));
}
