// Proves every exercise is gradable (see src/grading/verify.ts) and prints a table; exit 1 naming each problem.
//   npm run verify [-- <slug>[/<exercise>] ...]
import { resolve } from 'node:path';
import { exerciseDir, isExercise, selectExercises } from '../src/course/layout.ts';
import { GradingSetupError } from '../src/grading/errors.ts';
import { inParallel, SLOTS } from '../src/grading/in-parallel.ts';
import { formatTable, measuresNoTime, verifyExercise, type VerifyRow } from '../src/grading/verify.ts';
import { vendor } from './vendor.ts';

const root = resolve(import.meta.dirname, '..');
const { ids, unknown } = selectExercises(process.argv.slice(2), root);

await vendor();
const done = new Map<string, { rows: VerifyRow[]; problems: string[] }>();
async function verify(id: string): Promise<void> {
  const rows: VerifyRow[] = [];
  const problems: string[] = [];
  done.set(id, { rows, problems });
  try {
    rows.push(...(await verifyExercise(exerciseDir(id, root), id)));
    for (const row of rows) if (row.problem) problems.push(`${id} ${row.variant}: ${row.problem}`);
  } catch (error) {
    if (!(error instanceof GradingSetupError)) throw error;
    problems.push(`${id}: ${error.message}`);
  }
  console.error(`verified ${id}`);
}

// Exercises whose checks all measure no time are verified side by side first; the others one at a time after.
const sideBySide: string[] = [];
const alone: string[] = [];
for (const id of ids) {
  if (!isExercise(id, root)) done.set(id, { rows: [], problems: [`${id}: not an exercise (no sandboxes/${id}/exercise.json)`] });
  else ((await measuresNoTime(exerciseDir(id, root))) ? sideBySide : alone).push(id);
}
await inParallel(sideBySide, SLOTS, verify);
for (const id of alone) await verify(id);
const rows = ids.flatMap((id) => done.get(id)!.rows);
const problems = [...unknown.map((name) => `${name}: no such lesson or exercise under sandboxes/`), ...ids.flatMap((id) => done.get(id)!.problems)];
console.log(formatTable(rows));
if (problems.length) {
  console.error(`\n${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`\nAll ${ids.length} exercise${ids.length === 1 ? '' : 's'} verified.`);
