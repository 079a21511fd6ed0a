/**
 * The harness as a plain script, for sandboxes that cannot import TypeScript (WebContainer): bundled by
 * `npm run vendor` to `.archlab/grading/grade.js`.
 *
 *   node .archlab/grading/grade.js [--progress] [--packages <node_modules folder>] <exercise folder> [<learner folder>]
 *
 * Prints exactly the results JSON and exits 0 when it graded; prints the reason and exits 2 when it could not.
 * With `--progress`, each progress event (src/schemas/check-progress.ts) comes first, as a line
 * `PROGRESS_PREFIX<json>`, as it happens; the results stay the last line. With `--packages`, the packages the exercise
 * declares are taken from that folder (WebContainer: the sandbox's own node_modules) instead of the project's vendored ones.
 */
import { packagesIn } from '../course/packages.ts';
import { PROGRESS_PREFIX } from '../schemas/check-progress.ts';
import { readExercise } from './exercise-files.ts';
import { grade } from './grade.ts';

const args = process.argv.slice(2);
const progress = args[0] === '--progress';
if (progress) args.shift();
const packagesDir = args[0] === '--packages' ? args.splice(0, 2)[1] : undefined;
const [exerciseDir, learnerDir] = args;
if (!exerciseDir) {
  process.stderr.write('usage: node grade.js [--progress] [--packages <node_modules folder>] <exercise folder> [<learner folder>]\n');
  process.exit(2);
}
try {
  const results = await grade({
    exerciseDir,
    learnerDir,
    packages: packagesDir === undefined ? undefined : packagesIn(packagesDir, (await readExercise(exerciseDir)).packages),
    onProgress: progress ? (event) => process.stdout.write(`${PROGRESS_PREFIX}${JSON.stringify(event)}\n`) : undefined,
  });
  process.stdout.write(`${JSON.stringify(results)}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
