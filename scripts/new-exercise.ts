// Writes one more exercise of a lesson (passing check:content and verify at once) and lists it in the lesson.
//   npm run new-exercise -- <slug>/<exercise>
import { resolve } from 'node:path';
import { newExercise, ScaffoldError } from '../src/course/scaffold.ts';

const args = process.argv.slice(2);
try {
  if (args.length !== 1) throw new ScaffoldError('usage: npm run new-exercise -- <slug>/<exercise>');
  const files = await newExercise(resolve(import.meta.dirname, '..'), args[0]!);
  console.log(`Wrote ${files.length} files:\n${files.map((f) => `  ${f}`).join('\n')}\nNext: npm run verify -- ${args[0]}`);
} catch (error) {
  if (!(error instanceof ScaffoldError)) throw error;
  console.error(error.message);
  process.exit(2);
}
