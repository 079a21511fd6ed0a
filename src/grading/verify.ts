/**
 * Proving an exercise is gradable: its solution passes every check, its starter loads and fails at least one
 * check of every task, each `right/<name>/` variant (a correct solution written differently, laid over the
 * solution) passes every check, and each `wrong/<name>/` variant (laid over the solution) loads and fails exactly
 * the checks its expect.json lists. Gradings run one at a time, so timing checks keep their margins.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readExerciseFolderAt } from '../course/layout.ts';
import type { Results } from '../schemas/results.ts';
import { describeIssues } from '../schemas/issues.ts';
import { wrongVariantSchema } from '../schemas/wrong-variant.ts';
import { newMarker } from '../process/marker.ts';
import { listChecks } from './check-list.ts';
import { grade } from './grade.ts';

export interface VerifyRow {
  /** `<slug>/<exercise>` */
  exercise: string;
  /** `solution`, `starter`, `right/<name>` or `wrong/<name>` */
  variant: string;
  /** Short outcome, e.g. `5/5 pass` or `fails 2/5`. */
  summary: string;
  /** What is wrong, when something is. */
  problem?: string;
  ms: number;
}

const failing = (results: Results) => results.tests.filter((t) => t.status !== 'pass').map((t) => t.id);

function summarize(results: Results): string {
  if (results.status === 'error') return 'run error';
  const passed = results.tests.length - failing(results).length;
  return `${passed}/${results.tests.length} pass`;
}

function describeFailures(results: Results): string {
  return results.tests
    .filter((t) => t.status !== 'pass')
    .map((t) => `${t.id} (${t.status}${t.message ? `: ${t.message.split('\n')[0]}` : ''})`)
    .join('; ');
}

async function timed(exercise: string, variant: string, run: () => Promise<Omit<VerifyRow, 'exercise' | 'variant' | 'ms'>>): Promise<VerifyRow> {
  const started = performance.now();
  let row: Omit<VerifyRow, 'exercise' | 'variant' | 'ms'>;
  try {
    row = await run();
  } catch (error) {
    row = { summary: 'not graded', problem: error instanceof Error ? error.message : String(error) };
  }
  return { exercise, variant, ...row, ms: Math.round(performance.now() - started) };
}

/** True when every check of the exercise is marked `measuresTime: false`, so it may be verified beside others. */
export async function measuresNoTime(exerciseDir: string): Promise<boolean> {
  const { checks } = await listChecks(join(exerciseDir, 'checks'), { marker: newMarker('verify-list') });
  return checks.length > 0 && checks.every((check) => check.measuresTime === false);
}

export async function verifyExercise(exerciseDir: string, id: string): Promise<VerifyRow[]> {
  const { manifest: exercise, solution, right, wrong } = await readExerciseFolderAt(exerciseDir, id);
  const rows: VerifyRow[] = [];

  rows.push(
    await timed(id, 'solution', async () => {
      const results = await grade({ exerciseDir });
      const problem =
        results.status === 'error'
          ? `the solution could not be graded: ${results.message}`
          : results.status !== 'pass'
            ? `the solution fails: ${describeFailures(results)}`
            : undefined;
      return { summary: summarize(results), problem };
    }),
  );

  rows.push(
    await timed(id, 'starter', async () => {
      const results = await grade({ exerciseDir, learnerFiles: {} });
      if (results.status === 'error') return { summary: 'run error', problem: `the starter does not load: ${results.message}` };
      const untested = exercise.tasks
        .filter((task) => !results.tests.some((t) => t.task_id === task.id && t.status !== 'pass'))
        .map((task) => task.id);
      const problem = untested.length ? `the starter already passes every check of task ${untested.join(', ')}` : undefined;
      return { summary: summarize(results), problem };
    }),
  );

  for (const { name, files } of right) {
    rows.push(
      await timed(id, `right/${name}`, async () => {
        const results = await grade({ exerciseDir, learnerFiles: { ...solution, ...files } });
        if (results.status === 'error') return { summary: 'run error', problem: `right/${name} does not load: ${results.message}` };
        const failed = failing(results);
        return { summary: summarize(results), problem: failed.length ? `right/${name} is a correct solution but fails: ${describeFailures(results)}` : undefined };
      }),
    );
  }
  for (const { name, files } of wrong) {
    rows.push(
      await timed(id, `wrong/${name}`, async () => {
        const { 'expect.json': expect, ...overlay } = files;
        if (expect === undefined) return { summary: 'not graded', problem: `wrong/${name}/expect.json is missing: it lists the checks the variant must fail` };
        const parsed = wrongVariantSchema.safeParse(JSON.parse(expect));
        if (!parsed.success) return { summary: 'not graded', problem: `wrong/${name}/expect.json: ${describeIssues(parsed.error, { schema: wrongVariantSchema })}` };
        const results = await grade({ exerciseDir, learnerFiles: { ...solution, ...overlay } });
        if (results.status === 'error') return { summary: 'run error', problem: `wrong/${name} does not load: ${results.message}` };
        const failed = new Set(failing(results));
        const expected = new Set(parsed.data.fails);
        const passedButListed = [...expected].filter((c) => !failed.has(c));
        const failedUnlisted = [...failed].filter((c) => !expected.has(c));
        const problems = [
          ...(passedButListed.length ? [`expected to fail but passed: ${passedButListed.join(', ')}`] : []),
          ...(failedUnlisted.length ? [`failed but not listed in expect.json: ${failedUnlisted.join(', ')}`] : []),
        ];
        return { summary: `fails ${failed.size}/${results.tests.length}`, problem: problems.length ? `wrong/${name}: ${problems.join('; ')}` : undefined };
      }),
    );
  }
  return rows;
}

/** The rows as an aligned text table. */
export function formatTable(rows: readonly VerifyRow[]): string {
  const cells = [['exercise', 'variant', 'result', 'ok', 'time'], ...rows.map((r) => [r.exercise, r.variant, r.summary, r.problem ? 'NO' : 'ok', `${(r.ms / 1000).toFixed(1)} s`])];
  const widths = cells[0]!.map((_, col) => Math.max(...cells.map((row) => row[col]!.length)));
  return cells.map((row) => row.map((cell, col) => cell.padEnd(widths[col]!)).join('  ').trimEnd()).join('\n');
}
