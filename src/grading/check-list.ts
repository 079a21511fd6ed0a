/** Finding an exercise's checks (in a worker, since loading a check file runs its code) and validating them. */
import { slug } from '../schemas/common.ts';
import type { Exercise } from '../schemas/exercise.ts';
import { summarizeNodeError } from './node-errors.ts';
import { runWorker } from './run-worker.ts';
import { readWorkerCode, type WorkerCode } from './worker-code.ts';
import type { ListedCheck, ListProblem } from './worker-protocol.ts';

/** A check that passed validation, in author order (check files by name, then array order). */
export interface CheckInfo {
  file: string;
  index: number;
  id: string;
  name: string;
  task: string;
  hint?: string;
  /** It measures time, so it runs alone (the default when the author did not say). */
  alone: boolean;
}

export interface CheckListing {
  checks: ListedCheck[];
  /** Problems with paths relative to the exercise folder (`checks/x.check.js`, `exercise.json`). */
  problems: ListProblem[];
}

const LIST_TIMEOUT_MS = 10_000;

interface ListOptions {
  marker: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The worker's code, when the caller has read it already. */
  code?: WorkerCode;
  /** The run's packages (grading-folder.ts), which check files may import. */
  packagesDir?: string;
}

export async function listChecks(checksDir: string, options: ListOptions): Promise<CheckListing> {
  const run = await runWorker(
    { mode: 'list', checksDir },
    {
      cwd: checksDir,
      marker: options.marker,
      timeoutMs: Math.min(LIST_TIMEOUT_MS, options.timeoutMs ?? LIST_TIMEOUT_MS),
      outputLimit: 4096,
      signal: options.signal,
      code: options.code ?? (await readWorkerCode(checksDir)),
      // Only check code runs here; it may read its folder, and `node --check` locates a syntax error.
      access: { read: options.packagesDir ? [checksDir, options.packagesDir] : [checksDir], write: [], processes: true },
    },
  );
  if (run.final?.type !== 'list') {
    const why = run.timedOut ? `did not finish within ${LIST_TIMEOUT_MS / 1000} s` : `stopped (${summarizeNodeError(run.output) ?? run.output.trim().slice(0, 500)})`;
    return { checks: [], problems: [{ file: 'checks', message: `loading the check files ${why}` }] };
  }
  return {
    checks: run.final.checks,
    problems: run.final.problems.map((p) => ({ ...p, file: `checks/${p.file}` })),
  };
}

/** Problems beyond each check's own shape: id format, duplicate ids, unknown tasks, tasks without a check. */
export function checkListProblems(listing: CheckListing, exercise: Exercise): ListProblem[] {
  const problems: ListProblem[] = [...listing.problems];
  const taskIds = exercise.tasks.map((task) => task.id);
  const firstById = new Map<string, ListedCheck>();
  for (const check of listing.checks) {
    const file = `checks/${check.file}`;
    if (check.id !== undefined) {
      const earlier = firstById.get(check.id);
      if (!slug.safeParse(check.id).success) {
        problems.push({ file, field: `[${check.index}].id`, message: `"${check.id}": expected lowercase words joined by hyphens, like "drains-requests"` });
      } else if (earlier) {
        problems.push({ file, field: `[${check.index}].id`, message: `duplicate id "${check.id}" (also checks/${earlier.file} [${earlier.index}])` });
      } else firstById.set(check.id, check);
    }
    if (check.name !== undefined && check.name.trim() === '') {
      problems.push({ file, field: `[${check.index}].name`, message: 'expected non-empty text the learner reads' });
    }
    if (check.task !== undefined && !taskIds.includes(check.task)) {
      problems.push({ file, field: `[${check.index}].task`, message: `unknown task "${check.task}"; exercise.json declares: ${taskIds.join(', ')}` });
    }
  }
  if (listing.checks.length === 0 && listing.problems.length === 0) {
    problems.push({ file: 'checks', message: 'no checks: expected at least one *.check.js file exporting an array of checks' });
  }
  exercise.tasks.forEach((task, i) => {
    if (!listing.checks.some((check) => check.task === task.id)) {
      problems.push({ file: 'exercise.json', field: `tasks[${i}]`, message: `task "${task.id}" has no check` });
    }
  });
  return problems;
}

/** The listed checks as runnable entries; call only when `checkListProblems` found nothing. */
export function runnableChecks(listing: CheckListing): CheckInfo[] {
  return listing.checks.map(({ file, index, id, name, task, hint, measuresTime }) => ({
    file,
    index,
    id: id!,
    name: name!,
    task: task!,
    ...(hint ? { hint } : {}),
    alone: measuresTime !== false,
  }));
}
