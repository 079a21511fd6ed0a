// Grades a folder against an exercise's checks and prints a report (or exactly the results JSON with --json).
//   npm run -s grade -- <slug>/<exercise> [--dir <folder>] [--json]
// Exit 0 whenever it graded (whatever the results); 2 when it could not (usage, unknown exercise, missing folder).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exerciseDir as exerciseDirOf, isExercise } from '../src/course/layout.ts';
import { GradingSetupError } from '../src/grading/errors.ts';
import { grade } from '../src/grading/grade.ts';
import { summaryLine, testLines } from '../src/grading/report.ts';
import { exerciseId } from '../src/schemas/common.ts';
import { vendor } from './vendor.ts';

const USAGE = 'usage: npm run -s grade -- <slug>/<exercise> [--dir <folder>] [--json]';
const root = resolve(import.meta.dirname, '..');

function exit(message: string): never {
  console.error(message);
  process.exit(2);
}

let args;
try {
  args = parseArgs({ allowPositionals: true, options: { dir: { type: 'string' }, json: { type: 'boolean', default: false } } });
} catch (error) {
  exit(`${(error as Error).message}\n${USAGE}`);
}
const [id, ...extra] = args.positionals;
if (!id || extra.length) exit(USAGE);
if (!exerciseId.safeParse(id).success) exit(`expected an exercise id like "dev-vs-production/graceful-shutdown", got "${id}"\n${USAGE}`);
const exerciseDir = exerciseDirOf(id, root);
if (!isExercise(id, root)) exit(`unknown exercise "${id}": there is no sandboxes/${id}/exercise.json`);

// A relative --dir means relative to where the caller ran npm, not to the project root npm switches to.
const learnerDir = args.values.dir === undefined ? undefined : resolve(process.env.INIT_CWD ?? process.cwd(), args.values.dir);

await vendor();
const json = args.values.json;
// Plain text prints each verdict as it lands; --json prints exactly the results object, once, at the end.
if (!json) console.log(`${id} (${learnerDir ?? 'solution'})\n`);
try {
  const results = await grade({
    exerciseDir,
    learnerDir,
    onProgress: json ? undefined : (event) => event.type === 'verdict' && console.log(testLines(event.test).join('\n')),
  });
  console.log(json ? JSON.stringify(results, null, 2) : `${results.tests.length ? '\n' : ''}${summaryLine(results)}`);
} catch (error) {
  if (error instanceof GradingSetupError) exit(`could not grade ${id}: ${error.message}`);
  throw error;
}
