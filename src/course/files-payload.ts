/** Build time only: an exercise's starter (with the lesson's shared files) and solution for its page and its files.json. */
import { join } from 'node:path';
import { readFolderFiles } from '../grading/exercise-files.ts';
import { starterHash } from '../progress/hash.ts';
import type { ExerciseFilesPayload } from '../schemas/payloads.ts';
import { exerciseDir, readStarter } from './layout.ts';

export async function exerciseFilesPayload(exerciseId: string, editable: readonly string[]): Promise<ExerciseFilesPayload> {
  const dir = exerciseDir(exerciseId);
  const starter = await readStarter(dir);
  const solutionFolder = await readFolderFiles(join(dir, 'solution'));
  const solution = Object.fromEntries(Object.entries(solutionFolder).filter(([file]) => editable.includes(file)));
  return { starter, solution, starterHash: await starterHash(starter, editable) };
}
