/**
 * The grading harness's entry point, shared by the CLI, the local runner and the browser's sandbox:
 * `grade({ exerciseDir, learnerDir | learnerFiles })` runs every check of the exercise, each in its own process group
 * (those that measure no time side by side, up to one per core; the others alone), and resolves with the results
 * object (src/schemas/results.ts), its tests in author order.
 *
 * It throws a GradingSetupError only when the exercise itself cannot be graded (bad manifest, broken checks,
 * missing folder). Everything the learner's code does ends up in the results.
 */
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { vendoredPackages } from '../course/packages.ts';
import { killTree } from '../process/kill-tree.ts';
import { newMarker } from '../process/marker.ts';
import { ports } from '../process/port-allocator.ts';
import type { CheckProgress, OnCheckProgress } from '../schemas/check-progress.ts';
import type { FileMap } from '../schemas/files.ts';
import { runError, type Results, type TestResult } from '../schemas/results.ts';
import { checkListProblems, listChecks, runnableChecks, type CheckInfo } from './check-list.ts';
import { GradingSetupError } from './errors.ts';
import { checkWorkerSpawn, type HeadStart } from './head-start.ts';
import { inParallel, SLOTS } from './in-parallel.ts';
import { readExercise } from './exercise-files.ts';
import { prepareGradingFolder, type GradingFolder, type LearnerSource } from './grading-folder.ts';
import { summarizeNodeError } from './node-errors.ts';
import { spawnWorker, type WorkerRun } from './run-worker.ts';
import { findSyntaxError } from './syntax.ts';
import { WarmWorkers } from './warm-workers.ts';
import { readWorkerCode } from './worker-code.ts';

export interface GradeOptions {
  /** `sandboxes/<slug>/<exercise>`: exercise.json, starter/, solution/, checks/. */
  exerciseDir: string;
  /** Folder with the learner's versions of the editable files; default `<exerciseDir>/solution`. */
  learnerDir?: string;
  /** The learner's files as path → contents, instead of a folder. */
  learnerFiles?: FileMap;
  /** Aborting ends every process of the run and resolves with a run-level error. */
  signal?: AbortSignal;
  /** Marker value inherited by every process of the run (default: a fresh `<pid>:grade:<id>`). */
  marker?: string;
  /** Called as the run goes: the list of checks, each check starting, each verdict (src/schemas/check-progress.ts). */
  onProgress?: OnCheckProgress;
  /**
   * The run begun ahead (its folder and first worker, see head-start.ts); it is used up or ended by this run, and
   * its marker is the run's.
   */
  headStart?: HeadStart;
  /**
   * The folder of each package the exercise declares (name → folder holding its package.json); default: the
   * project's vendored copies under `.archlab/packages/` (src/course/packages.ts).
   */
  packages?: Record<string, string>;
}

/** Output caps in bytes: per check and for the whole run. */
export const OUTPUT_LIMITS = { check: 4 * 1024, run: 64 * 1024 } as const;
const SYNTAX_CHECK_MS = 10_000;
/** Ports reserved for each check: its started programs and any `t.freePort()` (more come from the kernel). */
const PORTS_PER_CHECK = 8;

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

export async function grade(options: GradeOptions): Promise<Results> {
  const exerciseDir = resolve(options.exerciseDir);
  const exercise = await readExercise(exerciseDir);
  const learner: LearnerSource = options.learnerFiles
    ? { files: options.learnerFiles }
    : { dir: resolve(options.learnerDir ?? join(exerciseDir, 'solution')) };
  const head = options.headStart;
  const marker = head?.marker ?? options.marker ?? newMarker('grade');
  const deadline = performance.now() + exercise.timeouts.grade * 1000;
  const packages = options.packages ?? vendoredPackages(exercise.packages);
  const folder = await prepareGradingFolder(exerciseDir, exercise, learner, packages, head?.root).catch(async (error: unknown) => {
    await head?.discard();
    throw error;
  });
  let workers: WarmWorkers | undefined;
  try {
    const remaining = () => deadline - performance.now();
    // Read before any learner code runs; every worker of the run gets this copy (see worker-code.ts).
    const code = await readWorkerCode(folder.checksDir);
    const ready = await head?.take(code);
    let started = ready ? 1 : 0;
    // The first check's worker starts now (unless it has already), while the checks are listed and the learner's
    // files parsed.
    workers = new WarmWorkers(() => spawnWorker(checkWorkerSpawn(folder.root, marker, started++, code)), SLOTS, ready ? [ready] : []);
    const parsing = findSyntaxError(folder.treeDir, exercise.editable, marker, Math.min(SYNTAX_CHECK_MS, remaining()));
    const listing = await listChecks(folder.checksDir, { marker: `${marker}:list`, timeoutMs: remaining(), signal: options.signal, code, packagesDir: folder.packagesDir });
    if (options.signal?.aborted) return runError(STOPPED);
    const problems = checkListProblems(listing, exercise);
    if (problems.length) {
      const lines = problems.map((p) => `  ${p.file}${p.field ? `: ${p.field}` : ''}: ${p.message}`);
      throw new GradingSetupError(`the checks of ${exerciseDir} cannot run:\n${folder.shorten(lines.join('\n'))}`);
    }
    const checks = runnableChecks(listing);
    workers.expect(checks.length);
    // The checks start while the learner's files are still being parsed; nothing they report is shown until the
    // files parse, and a syntax error ends them and is the whole result.
    const progress = heldProgress(options.onProgress ?? (() => {}));
    const stopChecks = new AbortController();
    const stop = () => stopChecks.abort();
    options.signal?.addEventListener('abort', stop);
    if (options.signal?.aborted) stop();
    try {
      const running = runChecks(checks, {
        folder,
        workers,
        main: exercise.main,
        checkMs: exercise.timeouts.check * 1000,
        budgetMs: exercise.timeouts.grade * 1000,
        remaining,
        signal: stopChecks.signal,
        onProgress: progress.push,
      });
      const syntaxError = await parsing;
      if (syntaxError) {
        stop();
        await running;
        return runError(`Your code could not be loaded: ${folder.shorten(syntaxError)}`);
      }
      progress.release({ type: 'checks', checks: checks.map(({ id, name, task }) => ({ id, name, task_id: task })) });
      return await running;
    } finally {
      options.signal?.removeEventListener('abort', stop);
    }
  } finally {
    await workers?.close();
    await killTree(marker);
    await folder.remove();
  }
}

/** Progress events held back until `release` sends `first` and them; after that, passed straight on. */
function heldProgress(onProgress: OnCheckProgress): { push: OnCheckProgress; release(first: CheckProgress): void } {
  let held: CheckProgress[] | undefined = [];
  return {
    push: (event) => (held ? held.push(event) : onProgress(event)),
    release(first) {
      const events = held ?? [];
      held = undefined;
      onProgress(first);
      events.forEach(onProgress);
    },
  };
}

interface RunContext {
  folder: GradingFolder;
  workers: WarmWorkers;
  main: string;
  checkMs: number;
  budgetMs: number;
  remaining: () => number;
  signal?: AbortSignal;
  onProgress: OnCheckProgress;
}

const STOPPED = 'Grading was stopped before it finished.';

async function runChecks(checks: CheckInfo[], run: RunContext): Promise<Results> {
  const done = new Map<number, TestResult>();
  // Ends the checks still running when the run ends early (budget spent, code that cannot load).
  // (A listener rather than AbortSignal.any, which Node 18 lacks: the bundled harness runs there too.)
  const halt = new AbortController();
  const signal = halt.signal;
  const stopped = () => halt.abort();
  run.signal?.addEventListener('abort', stopped);
  if (run.signal?.aborted) halt.abort();
  let ending: string | undefined;
  const end = (message: string) => {
    ending ??= message;
    halt.abort();
  };
  let outputLeft = OUTPUT_LIMITS.run;

  const runOne = async (i: number): Promise<void> => {
    const check = checks[i]!;
    if (signal.aborted) return;
    const budgetLeft = run.remaining();
    if (budgetLeft <= 0) return end(budgetMessage(run.budgetMs, undefined, checks.length - done.size));
    const budgetLimited = budgetLeft < run.checkMs;
    const timeoutMs = Math.min(run.checkMs, budgetLeft);
    // Reserved up front so checks running side by side stay within the run's cap together.
    const outputLimit = Math.min(OUTPUT_LIMITS.check, outputLeft);
    outputLeft -= outputLimit;
    const lease = ports.take(PORTS_PER_CHECK);
    run.onProgress({ type: 'running', id: check.id });
    const worker = await run.workers
      .take()
      .run(
        { mode: 'run', checksDir: run.folder.checksDir, file: check.file, index: check.index, id: check.id, treeDir: run.folder.treeDir, main: run.main, timeoutMs, ports: lease },
        { timeoutMs, outputLimit, signal },
      )
      .finally(() => ports.release(lease));
    outputLeft += outputLimit - Math.min(outputLimit, Buffer.byteLength(worker.output));
    if (worker.aborted) return;
    const outOfTime = worker.timedOut && budgetLimited;
    const verdict: Verdict = outOfTime
      ? { status: 'error', message: 'Stopped: the time for all checks together ran out.' }
      : judge(worker, timeoutMs, run.folder);
    const test: TestResult = {
      id: check.id,
      name: check.name,
      task_id: check.task,
      status: verdict.status,
      ...(verdict.message ? { message: verdict.message } : {}),
      ...(verdict.expected !== undefined ? { expected: verdict.expected } : {}),
      ...(verdict.actual !== undefined ? { actual: verdict.actual } : {}),
      ...(worker.output ? { output: run.folder.shorten(worker.output) } : {}),
      ...(check.hint && verdict.status !== 'pass' ? { hint: check.hint } : {}),
    };
    const testedBefore = [...done.values()].some((t) => t.status !== 'error');
    done.set(i, test);
    run.onProgress({ type: 'verdict', test });
    if (outOfTime) return end(budgetMessage(run.budgetMs, check.name, checks.length - done.size));
    // Code that cannot load fails every check alike: say so once, unless an earlier check already tested it.
    if (verdict.loadFailure && !testedBefore) end(`Your code could not be loaded: ${verdict.message}`);
  };

  // In author order; a check that measures time waits for the others to finish and runs alone.
  for (let next = 0; next < checks.length && !signal.aborted; ) {
    if (checks[next]!.alone) {
      await runOne(next++);
      continue;
    }
    const batch: number[] = [];
    while (next < checks.length && !checks[next]!.alone) batch.push(next++);
    await inParallel(batch, SLOTS, runOne);
  }
  run.signal?.removeEventListener('abort', stopped);
  const tests = checks.flatMap((_, i) => done.get(i) ?? []);
  if (run.signal?.aborted) return runError(STOPPED, tests);
  if (ending) return runError(ending, tests);
  const status = tests.every((t) => t.status === 'pass') ? 'pass' : 'fail';
  return { version: 1, status, tests };
}

function budgetMessage(budgetMs: number, during: string | undefined, notRun: number): string {
  const where = during ? ` during "${during}"` : '';
  const rest = notRun > 0 ? ` ${notRun} check${notRun === 1 ? '' : 's'} did not run.` : '';
  return `Grading stopped: all checks together may take ${seconds(budgetMs)}, and that time ran out${where}.${rest}`;
}

interface Verdict {
  status: TestResult['status'];
  message?: string;
  expected?: string;
  actual?: string;
  /** The learner's code could not be imported or started. */
  loadFailure?: boolean;
}

function judge(worker: WorkerRun, timeoutMs: number, folder: GradingFolder): Verdict {
  const outcome = worker.final?.type === 'result' ? worker.final.outcome : undefined;
  if (outcome?.status === 'pass') return { status: 'pass' };
  if (outcome?.status === 'load-error') return { status: 'error', message: folder.shorten(outcome.message), loadFailure: true };
  if (outcome) {
    return {
      status: outcome.status,
      message: folder.shorten(outcome.message),
      ...(outcome.expected !== undefined ? { expected: folder.shorten(outcome.expected) } : {}),
      ...(outcome.actual !== undefined ? { actual: folder.shorten(outcome.actual) } : {}),
    };
  }
  if (worker.timedOut) {
    const step = worker.step;
    if (step?.loading) {
      return {
        status: 'error',
        message: `${step.text} did not finish within ${seconds(timeoutMs)}: is there an endless loop in code that runs at startup?`,
        loadFailure: true,
      };
    }
    const last = step?.text ? ` (it was ${step.text})` : '';
    return { status: 'error', message: `The check did not finish within ${seconds(timeoutMs)}${last}.` };
  }
  const how = worker.exit.signal ? `was ended by ${worker.exit.signal}` : `exited with code ${worker.exit.code}`;
  const error = summarizeNodeError(worker.output, folder.treeDir);
  return {
    status: 'error',
    message: folder.shorten(
      `The check ended early: its process ${how}${error ? ` after ${error}` : ''}. Does code it imported call process.exit()?`,
    ),
  };
}
