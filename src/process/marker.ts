/**
 * Process markers. Every process a sandbox or a grading run starts inherits one environment variable,
 * `ARCHLAB_SANDBOX=<value>`. A program may fork, call `setsid` or daemonize and so leave its process group, but
 * it keeps its environment (short of wiping it on purpose), so on Linux `/proc/<pid>/environ` still finds it.
 * Where there is no `/proc` (WebContainer, macOS) the lookups return nothing and only process groups are reachable.
 *
 * Values are `<owner pid>:<scope>:<id>`: one prefix selects a whole owner, a scope or one id, and processes whose
 * owner is no longer alive can be recognised as leftovers.
 */
import { readdir, readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';

export const MARKER_VARIABLE = 'ARCHLAB_SANDBOX';

/** A fresh marker owned by this process, e.g. `4242:grade:9f2c61d0a4b7`. */
export function newMarker(scope: string): string {
  return `${process.pid}:${scope}:${randomBytes(6).toString('hex')}`;
}

/** `env` with the marker set last, so nothing in `env` can replace it. */
export function withMarker(env: NodeJS.ProcessEnv, marker: string): NodeJS.ProcessEnv {
  return { ...env, [MARKER_VARIABLE]: marker };
}

const variablePrefix = Buffer.from(`\0${MARKER_VARIABLE}=`);

/** The marker of a running process; null when it has none, is gone, or is not ours to read. */
export async function markerOf(pid: number): Promise<string | null> {
  let environ: Buffer;
  try {
    environ = await readFile(`/proc/${pid}/environ`);
  } catch {
    return null;
  }
  // A leading NUL lets the variable match as the first entry too.
  const haystack = Buffer.concat([Buffer.from([0]), environ]);
  const at = haystack.indexOf(variablePrefix);
  if (at < 0) return null;
  const start = at + variablePrefix.length;
  const end = haystack.indexOf(0, start);
  return haystack.subarray(start, end < 0 ? undefined : end).toString();
}

/** Pids other than this process whose marker satisfies `select`; empty where there is no `/proc`. */
export async function findMarked(select: (marker: string) => boolean): Promise<number[]> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [];
  }
  const pids = entries.filter((name) => /^\d+$/.test(name)).map(Number).filter((pid) => pid !== process.pid);
  const markers = await Promise.all(pids.map(markerOf));
  return pids.filter((_, i) => {
    const marker = markers[i];
    return marker != null && select(marker);
  });
}

/** Selects `marker` itself and every marker nested under it (`<marker>:…`). */
export function underMarker(marker: string): (candidate: string) => boolean {
  return (candidate) => candidate === marker || candidate.startsWith(`${marker}:`);
}
