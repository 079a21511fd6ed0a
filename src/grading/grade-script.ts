/**
 * The harness as a plain script, for sandboxes that cannot import TypeScript (WebContainer): bundled by
 * `npm run vendor` to `.archlab/grading/grade.js`.
 *
 *   node .archlab/grading/grade.js [--progress] <exercise folder> [<learner folder>]
 *
 * Prints exactly the results JSON and exits 0 when it graded; prints the reason and exits 2 when it could not.
 * With `--progress`, each progress event (src/schemas/check-progress.ts) comes first, as a line
 * `PROGRESS_PREFIX<json>`, as it happens; the results stay the last line.
 */
import { PROGRESS_PREFIX } from '../schemas/check-progress.ts';
import { grade } from './grade.ts';

const args = process.argv.slice(2);
const progress = args[0] === '--progress';
const [exerciseDir, learnerDir] = progress ? args.slice(1) : args;
if (!exerciseDir) {
  process.stderr.write('usage: node grade.js [--progress] <exercise folder> [<learner folder>]\n');
  process.exit(2);
}
try {
  const results = await grade({
    exerciseDir,
    learnerDir,
    onProgress: progress ? (event) => process.stdout.write(`${PROGRESS_PREFIX}${JSON.stringify(event)}\n`) : undefined,
  });
  process.stdout.write(`${JSON.stringify(results)}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
