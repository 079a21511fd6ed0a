/** Reading an exercise folder: its manifest and whole sub-folders as path → contents maps. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatProblem, schemaProblems } from '../content-check/problem.ts';
import { exerciseSchema, type Exercise } from '../schemas/exercise.ts';
import type { FileMap } from '../schemas/files.ts';
import { GradingSetupError } from './errors.ts';

/** exercise.json of `exerciseDir`, validated; a GradingSetupError naming the problem otherwise. */
export async function readExercise(exerciseDir: string): Promise<Exercise> {
  const file = join(exerciseDir, 'exercise.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new GradingSetupError(
      e.code === 'ENOENT' ? `no exercise in ${exerciseDir}: exercise.json is missing` : `${file} is not valid JSON: ${e.message}`,
    );
  }
  const parsed = exerciseSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = schemaProblems(file, exerciseSchema, parsed.error).map(formatProblem);
    throw new GradingSetupError(`invalid exercise manifest: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/**
 * Every regular file under `dir` (recursively) as `relative/path` → contents, in sorted order (file lists shown to
 * learners follow it); `{}` when `dir` does not exist.
 */
export async function readFolderFiles(dir: string): Promise<FileMap> {
  const files: FileMap = {};
  const walk = async (sub: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(join(dir, sub), { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) files[path] = await readFile(join(dir, path), 'utf8');
    }
  };
  await walk('');
  return files;
}
