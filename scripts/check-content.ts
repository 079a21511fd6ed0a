// Validates all course content and prints every problem with its file and field. Exit 1 on any problem.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkCourse } from '../src/content-check/check-course.ts';
import { formatProblems } from '../src/content-check/problem.ts';
import { lintChecks } from '../src/grading/lint-checks.ts';

const { values } = parseArgs({ options: { root: { type: 'string' } } });
const projectRoot = resolve(import.meta.dirname, '..');
const root = values.root ? resolve(process.env.INIT_CWD ?? process.cwd(), values.root) : projectRoot;
const started = performance.now();
const { problems, lessons, exercises } = await checkCourse(root, lintChecks);
const ms = Math.round(performance.now() - started);
if (problems.length) {
  console.error(formatProblems(problems));
  process.exit(1);
}
console.log(`Content OK: ${lessons.size} lessons, ${exercises.size} exercises (${ms} ms)`);
