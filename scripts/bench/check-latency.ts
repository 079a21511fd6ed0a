/**
 * Check latency on the CLI path: for each exercise, its reference solution and its starter are graded `runs` times
 * with the same `grade()` the CLI, the runner and `verify` call, timing Check → first verdict and Check → last
 * verdict from the progress events. The load average at the start of each exercise is reported beside it. The same
 * times in the browser are the check-latency-browser part's.
 */
import { loadavg } from 'node:os';
import { exerciseDir, findExercises } from '../../src/course/layout.ts';
import { grade } from '../../src/grading/grade.ts';
import { vendor } from '../vendor.ts';
import { budget, type PartReport } from './part.ts';
import { formatMs } from './sizes.ts';
import { median } from './stats.ts';
import { formatTable } from './table.ts';

/** One exercise and variant: the load average when it started, and the times of each run. */
export interface Timing {
  exercise: string;
  variant: 'solution' | 'starter';
  load: number;
  firstMs: number[];
  lastMs: number[];
}

/** One graded run: milliseconds from the call to the first and to the last verdict (or to the results, if none). */
async function timeOneCheck(exerciseDir: string, learnerFiles: Record<string, string> | undefined): Promise<{ first: number; last: number }> {
  const started = performance.now();
  let first: number | undefined;
  let last: number | undefined;
  await grade({
    exerciseDir,
    ...(learnerFiles ? { learnerFiles } : {}),
    onProgress: (event) => {
      if (event.type !== 'verdict') return;
      last = performance.now() - started;
      first ??= last;
    },
  });
  const end = performance.now() - started;
  return { first: first ?? end, last: last ?? end };
}

export async function measureCheckLatency(root: string, options: { runs: number; exercise?: string }): Promise<PartReport> {
  await vendor();
  const ids = options.exercise ? [options.exercise] : findExercises(root);
  const timings: Timing[] = [];
  for (const exercise of ids) {
    for (const variant of ['solution', 'starter'] as const) {
      const timing: Timing = { exercise, variant, load: loadavg()[0]!, firstMs: [], lastMs: [] };
      for (let run = 0; run < options.runs; run++) {
        // The starter is graded as a learner who changed nothing: no editable file replaced.
        const { first, last } = await timeOneCheck(exerciseDir(exercise, root), variant === 'starter' ? {} : undefined);
        timing.firstMs.push(first);
        timing.lastMs.push(last);
      }
      console.log(`  ${exercise} ${variant}: first ${formatMs(median(timing.firstMs))}, last ${formatMs(median(timing.lastMs))} (load ${timing.load.toFixed(2)})`);
      timings.push(timing);
    }
  }
  return checkLatencyReport(timings, `grade() per exercise, ${options.runs} runs each; load = 1-minute load average when the exercise started`, []);
}

/** The table and the targets (p50 over the runs of each reference solution) for a set of timings. */
export function checkLatencyReport(timings: Timing[], caption: string, notMeasured: string[]): PartReport {
  const rows = timings.map((t) => [t.exercise, t.variant, t.load.toFixed(2), formatMs(median(t.firstMs)), formatMs(Math.max(...t.firstMs)), formatMs(median(t.lastMs)), formatMs(Math.max(...t.lastMs))]);
  const solutions = timings.filter((t) => t.variant === 'solution');
  const firstMedians = solutions.map((t) => median(t.firstMs));
  const lastMedians = solutions.map((t) => median(t.lastMs));
  return {
    tables: [{ caption, text: formatTable(['exercise', 'variant', 'load', 'first p50', 'first max', 'last p50', 'last max'], rows) }],
    budgets: solutions.length
      ? [
          budget('slowest first verdict (solution p50)', Math.max(...firstMedians) <= 1000, '1 s', formatMs(Math.max(...firstMedians))),
          budget('last verdict, median over exercises (solution p50)', median(lastMedians) <= 3000, '3 s', formatMs(median(lastMedians))),
          budget('slowest last verdict (solution p50)', Math.max(...lastMedians) <= 8000, '8 s', formatMs(Math.max(...lastMedians))),
        ]
      : [],
    notMeasured,
    data: timings,
  };
}
