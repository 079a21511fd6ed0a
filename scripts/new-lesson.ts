// Writes a draft lesson with one exercise that passes check:content and verify at once.
//   npm run new-lesson -- <slug> [--title "…"] [--section "…"]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { newLesson, ScaffoldError } from '../src/course/scaffold.ts';

const USAGE = 'usage: npm run new-lesson -- <slug> [--title "…"] [--section "…"]';
try {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { title: { type: 'string' }, section: { type: 'string' } } });
  if (positionals.length !== 1) throw new ScaffoldError(USAGE);
  const files = await newLesson(resolve(import.meta.dirname, '..'), positionals[0]!, values);
  console.log(`Wrote ${files.length} files:\n${files.map((f) => `  ${f}`).join('\n')}\nNext: npm run check:content && npm run verify -- ${positionals[0]}`);
} catch (error) {
  if (!(error instanceof ScaffoldError) && !(error instanceof TypeError)) throw error;
  console.error(`${error.message}${error instanceof TypeError ? `\n${USAGE}` : ''}`);
  process.exit(2);
}
