/**
 * The harness as a plain script, for sandboxes that cannot import TypeScript (WebContainer): bundled by
 * `npm run vendor` to `.archlab/grading/grade.js`.
 *
 *   node .archlab/grading/grade.js <exercise folder> [<learner folder>]
 *
 * Prints exactly the results JSON and exits 0 when it graded; prints the reason and exits 2 when it could not.
 */
import { grade } from './grade.ts';

const [exerciseDir, learnerDir] = process.argv.slice(2);
if (!exerciseDir) {
  process.stderr.write('usage: node grade.js <exercise folder> [<learner folder>]\n');
  process.exit(2);
}
try {
  const results = await grade({ exerciseDir, learnerDir });
  process.stdout.write(`${JSON.stringify(results)}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
