// Proves every exercise is gradable (see src/grading/verify.ts) and prints a table; exit 1 naming each problem.
//   npm run verify [-- <slug>[/<exercise>] ...]
import { resolve } from 'node:path';
import { exerciseDir, isExercise, selectExercises } from '../src/course/layout.ts';
import { GradingSetupError } from '../src/grading/errors.ts';
import { formatTable, verifyExercise, type VerifyRow } from '../src/grading/verify.ts';
import { vendor } from './vendor.ts';

const root = resolve(import.meta.dirname, '..');
const { ids, unknown } = selectExercises(process.argv.slice(2), root);

await vendor();
const rows: VerifyRow[] = [];
const problems: string[] = unknown.map((name) => `${name}: no such lesson or exercise under sandboxes/`);
for (const id of ids) {
  const dir = exerciseDir(id, root);
  if (!isExercise(id, root)) {
    problems.push(`${id}: not an exercise (no sandboxes/${id}/exercise.json)`);
    continue;
  }
  try {
    const exerciseRows = await verifyExercise(dir, id);
    rows.push(...exerciseRows);
    for (const row of exerciseRows) if (row.problem) problems.push(`${id} ${row.variant}: ${row.problem}`);
  } catch (error) {
    if (!(error instanceof GradingSetupError)) throw error;
    problems.push(`${id}: ${error.message}`);
  }
  console.error(`verified ${id}`);
}
console.log(formatTable(rows));
if (problems.length) {
  console.error(`\n${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`\nAll ${ids.length} exercise${ids.length === 1 ? '' : 's'} verified.`);
