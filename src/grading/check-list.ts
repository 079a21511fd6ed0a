/** Finding an exercise's checks (in a worker, since loading a check file runs its code) and validating them. */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
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

/**
 * Listings without problems, by the content of the checks folder and the harness. A learner presses Check again and
 * again with the same checks; listing them takes a Node process, which the runner then starts only once.
 */
const listed = new Map<string, ListedCheck[]>();
const LISTINGS_KEPT = 64;

/** A hash of every file in the checks folder (by path relative to it) and of the harness the worker runs. */
async function contentKey(checksDir: string, code: WorkerCode): Promise<string> {
  const hash = createHash('sha256').update(code.entryFile).update('\0').update(code.sources[pathToFileURL(code.entryFile).href] ?? '');
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) hash.update('\0').update(relative(checksDir, path)).update('\0').update(await readFile(path));
    }
  };
  await walk(checksDir);
  return hash.digest('hex');
}

export async function listChecks(checksDir: string, options: ListOptions): Promise<CheckListing> {
  const code = options.code ?? (await readWorkerCode(checksDir));
  const key = await contentKey(checksDir, code);
  const known = listed.get(key);
  if (known) return { checks: known, problems: [] };
  const listing = await listInWorker(checksDir, code, options);
  if (listing.problems.length === 0) {
    if (listed.size >= LISTINGS_KEPT) listed.delete(listed.keys().next().value!);
    listed.set(key, listing.checks);
  }
  return listing;
}

async function listInWorker(checksDir: string, code: WorkerCode, options: ListOptions): Promise<CheckListing> {
  const run = await runWorker(
    { mode: 'list', checksDir },
    {
      cwd: checksDir,
      marker: options.marker,
      timeoutMs: Math.min(LIST_TIMEOUT_MS, options.timeoutMs ?? LIST_TIMEOUT_MS),
      outputLimit: 4096,
      signal: options.signal,
      code,
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
