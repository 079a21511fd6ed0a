/**
 * Content checks for an exercise's grading material, run by `npm run check:content`: the check files (shape,
 * ids, tasks), the solution folder and the wrong variants. Loading a check file runs its top level, so that
 * happens in a worker process, as in grading.
 */
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { schemaProblems, type ContentProblem } from '../content-check/problem.ts';
import { killTree } from '../process/kill-tree.ts';
import { newMarker } from '../process/marker.ts';
import type { Exercise } from '../schemas/exercise.ts';
import { wrongVariantSchema } from '../schemas/wrong-variant.ts';
import { checkListProblems, listChecks } from './check-list.ts';
import { GradingSetupError } from './errors.ts';
import { readFolderFiles } from './exercise-files.ts';
import { copyChecks, createTempFolder } from './grading-folder.ts';

const isDirectory = async (path: string) => (await stat(path).catch(() => undefined))?.isDirectory() ?? false;

async function checkIds(exerciseDir: string, exercise: Exercise, rel: string, problems: ContentProblem[]): Promise<Set<string> | undefined> {
  const root = await createTempFolder();
  const marker = newMarker('lint');
  try {
    await copyChecks(exerciseDir, join(root, 'checks'));
    const listing = await listChecks(join(root, 'checks'), { marker });
    for (const p of checkListProblems(listing, exercise)) problems.push({ ...p, file: `${rel}/${p.file}` });
    return new Set(listing.checks.flatMap((c) => (c.id ? [c.id] : [])));
  } catch (error) {
    if (!(error instanceof GradingSetupError)) throw error;
    problems.push({ file: `${rel}/checks`, message: 'missing: the folder with the *.check.js files that grade the tasks' });
    return undefined;
  } finally {
    await killTree(marker);
    await rm(root, { recursive: true, force: true });
  }
}

async function lintWrongVariant(dir: string, file: string, exercise: Exercise, ids: Set<string> | undefined, problems: ContentProblem[]): Promise<void> {
  const expectFile = `${file}/expect.json`;
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(join(dir, 'expect.json'), 'utf8'));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    problems.push({ file: expectFile, message: missing ? 'missing: expected {"fails": ["check-id", ...]}' : `invalid JSON: ${(error as Error).message}` });
    return;
  }
  const parsed = wrongVariantSchema.safeParse(raw);
  if (!parsed.success) problems.push(...schemaProblems(expectFile, wrongVariantSchema, parsed.error));
  else if (ids) {
    parsed.data.fails.forEach((id, i) => {
      if (!ids.has(id)) problems.push({ file: expectFile, field: `fails[${i}]`, message: `unknown check id "${id}"` });
    });
  }
  const files = Object.keys(await readFolderFiles(dir)).filter((path) => path !== 'expect.json');
  if (!files.some((path) => exercise.editable.includes(path))) {
    problems.push({ file, message: 'no editable files: a wrong variant holds changed versions of editable files beside expect.json' });
  }
  for (const path of files) {
    if (!exercise.editable.includes(path)) {
      problems.push({ file: `${file}/${path}`, message: `not an editable path of the exercise (${exercise.editable.join(', ')}), so grading would ignore it` });
    }
  }
}

/**
 * Problems with the grading material of the exercise in `exerciseDir`. `rel` is how files are named in the
 * problems (default: `exerciseDir` itself), e.g. `sandboxes/dev-vs-production/graceful-shutdown`.
 */
export async function lintChecks(exerciseDir: string, exercise: Exercise, rel: string = exerciseDir): Promise<ContentProblem[]> {
  const problems: ContentProblem[] = [];
  if (!(await isDirectory(join(exerciseDir, 'solution')))) {
    problems.push({ file: `${rel}/solution`, message: 'missing: the folder with the solution\'s versions of the editable files' });
  }
  const ids = await checkIds(exerciseDir, exercise, rel, problems);
  const wrongDir = join(exerciseDir, 'wrong');
  const variants = (await isDirectory(wrongDir)) ? await readdir(wrongDir, { withFileTypes: true }) : [];
  for (const variant of variants) {
    const file = `${rel}/wrong/${variant.name}`;
    if (!variant.isDirectory()) problems.push({ file, message: 'unexpected file: wrong/ holds one folder per wrong variant' });
    else await lintWrongVariant(join(wrongDir, variant.name), file, exercise, ids, problems);
  }
  return problems;
}
