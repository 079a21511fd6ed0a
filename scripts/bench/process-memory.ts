/** Resident memory of processes, read from Linux's /proc; unavailable elsewhere. */
import { readFile } from 'node:fs/promises';

/** A `kB` field of /proc/<pid>/status in bytes, or null when the process is gone or there is no /proc. */
async function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number | null> {
  let status: string;
  try {
    status = await readFile(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : null;
}

export const rssBytes = (pid: number) => statusField(pid, 'VmRSS');

/** The highest resident memory the process has had since it started. */
export const peakRssBytes = (pid: number) => statusField(pid, 'VmHWM');

/** Samples the summed RSS of a changing set of processes, keeping the peak. */
export class RssSampler {
  peak = 0;
  readonly #timer: NodeJS.Timeout;
  #busy = false;

  constructor(pids: () => Promise<number[]>, intervalMs = 250) {
    this.#timer = setInterval(() => {
      if (this.#busy) return;
      this.#busy = true;
      void pids()
        .then((list) => Promise.all(list.map(rssBytes)))
        .then((sizes) => {
          this.peak = Math.max(this.peak, sizes.reduce<number>((sum, n) => sum + (n ?? 0), 0));
        })
        .finally(() => (this.#busy = false));
    }, intervalMs);
  }

  stop(): number {
    clearInterval(this.#timer);
    return this.peak;
  }
}
