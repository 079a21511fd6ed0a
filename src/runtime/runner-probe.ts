/**
 * Asking the page's own server whether it hosts the local runner and whether this browser may use it. A refused
 * WebSocket upgrade looks the same to a page as no runner at all, so the probe (`GET /__archlab/runner`) is what
 * lets the workspace tell "open the link the server printed" apart from "there is no runner here".
 */
import { RUNNER_PATH, runnerProbeSchema } from '../schemas/runner.ts';

/** `absent`: no runner answers here (a static host, or the server is down). */
export type RunnerAccess = 'absent' | 'unauthorized' | 'authorized';

export type ProbeFetch = (url: string, init: RequestInit) => Promise<{ ok: boolean; json(): Promise<unknown> }>;

export async function probeRunner(fetchProbe: ProbeFetch = (url, init) => fetch(url, init)): Promise<RunnerAccess> {
  try {
    const response = await fetchProbe(RUNNER_PATH, { cache: 'no-store', credentials: 'same-origin' });
    if (!response.ok) return 'absent';
    const probe = runnerProbeSchema.safeParse(await response.json());
    if (!probe.success) return 'absent';
    return probe.data.authorized ? 'authorized' : 'unauthorized';
  } catch {
    return 'absent';
  }
}

/** The one sentence a page without the runner cookie shows. */
export const runnerLinkNeeded =
  'To edit, run and check code here, open the link that "npm start" printed in its terminal (the one with "?token="), which lets this browser use the local runner; your saved edits are kept.';

/** What an open tab says once the runner it used is back after a restart. */
export function runnerBackNotice(access: Exclude<RunnerAccess, 'absent'>): string {
  return access === 'unauthorized'
    ? `The local runner was restarted and no longer accepts this tab. ${runnerLinkNeeded}`
    : 'The local runner is back: reload the page to start a new sandbox.';
}

/**
 * After the connection to the runner is lost, asks every `intervalMs` until a runner answers again (or `signal`
 * aborts), then resolves with its answer: a restarted `npm start` has a new token, so an open tab learns it must
 * get the new link.
 */
export async function waitForRunner(options: { probe?: () => Promise<RunnerAccess>; intervalMs?: number; signal?: AbortSignal } = {}): Promise<Exclude<RunnerAccess, 'absent'> | null> {
  const { probe = () => probeRunner(), intervalMs = 1000, signal } = options;
  while (!signal?.aborted) {
    const access = await probe();
    if (access !== 'absent') return access;
    if (signal?.aborted) break;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, intervalMs);
      signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
  return null;
}
