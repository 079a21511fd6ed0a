/**
 * Which sandbox an exercise page uses, in DESIGN.md's order: the local runner when the page's server offers it,
 * else WebContainer, else none (read-only code). `?runtime=` puts one first; when it fails, the others are tried in
 * the usual order and the learner is told which one runs instead. Runtimes the exercise does not list are tried
 * only after the ones it does.
 */
import { runtimeKinds, type RuntimeKind } from '../schemas/exercise.ts';
import type { SandboxRuntime } from './types.ts';

/** Starts one runtime, or rejects with a reason a learner can read (lower case, no final period). */
export type RuntimeAttempt<R extends SandboxRuntime = SandboxRuntime> = () => Promise<R>;

/**
 * An attempt that fails with this ends the search: no other sandbox is tried, and its message (one sentence saying
 * what to do) is the read-only reason. For a runner that is here but needs the learner to open its link first.
 */
export class StopChoosing extends Error {
  override name = 'StopChoosing';
}

export const runtimeLabels: Record<RuntimeKind, string> = { local: 'the local runner', webcontainer: 'WebContainer' };

export interface RuntimeChoice<R extends SandboxRuntime> {
  runtime: R | null;
  /** Sentences to show, in order: fallbacks, a runtime the exercise was not written for. */
  announcements: string[];
  /** When `runtime` is null: one sentence saying why and what to do. */
  readOnlyReason?: string;
  /** The runtimes the exercise lists, when the one in use is not among them (the UI offers a switch). */
  offer?: RuntimeKind[];
}

/** `?runtime=local|webcontainer`; anything else is reported and ignored. */
export function requestedRuntime(search: string): { requested?: RuntimeKind; problem?: string } {
  const value = new URLSearchParams(search).get('runtime');
  if (value === null || value === '') return {};
  if ((runtimeKinds as readonly string[]).includes(value)) return { requested: value as RuntimeKind };
  return { problem: `Ignoring ?runtime=${value}: expected "local" or "webcontainer".` };
}

export function attemptOrder(requested: RuntimeKind | undefined, allowed: readonly RuntimeKind[]): RuntimeKind[] {
  const usual = [...runtimeKinds.filter((k) => allowed.includes(k)), ...runtimeKinds.filter((k) => !allowed.includes(k))];
  return requested ? [requested, ...usual.filter((k) => k !== requested)] : usual;
}

export async function chooseRuntime<R extends SandboxRuntime>(options: {
  requested?: RuntimeKind;
  allowed: readonly RuntimeKind[];
  attempts: Record<RuntimeKind, RuntimeAttempt<R>>;
}): Promise<RuntimeChoice<R>> {
  const { requested, allowed, attempts } = options;
  const failures: string[] = [];
  const announcements: string[] = [];
  for (const kind of attemptOrder(requested, allowed)) {
    let runtime: R;
    try {
      runtime = await attempts[kind]();
    } catch (error) {
      if (error instanceof StopChoosing) return { runtime: null, announcements, readOnlyReason: error.message };
      failures.push(`${runtimeLabels[kind]}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    if (requested && kind !== requested) {
      announcements.push(`${capitalize(runtimeLabels[requested])} was requested but did not start (${failures[0]!.replace(/^[^:]+: /, '')}); using ${runtimeLabels[kind]} instead.`);
    }
    if (!allowed.includes(kind)) {
      announcements.push(`This exercise is written for ${allowed.map((k) => runtimeLabels[k]).join(' or ')}; parts of it may not work in ${runtimeLabels[kind]}.`);
      return { runtime, announcements, offer: [...allowed] };
    }
    return { runtime, announcements };
  }
  if (requested) announcements.push(`${capitalize(runtimeLabels[requested])} was requested but did not start, and no other sandbox is available.`);
  return {
    runtime: null,
    announcements,
    readOnlyReason: `The code is read-only because no sandbox could start here (${failures.join('; ')}); run the lab on your own machine with "npm install && npm start" to edit, run and check it.`,
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
