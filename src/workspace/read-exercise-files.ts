/** Build time only: reads an exercise's starter and solution from `sandboxes/` for its page and its files.json. */
import path from 'node:path';
import { readFolderFiles } from '../grading/exercise-files.ts';
import { starterHash } from '../progress/hash.ts';
import type { ExerciseFilesPayload } from '../schemas/payloads.ts';

const sandboxesDir = path.resolve('sandboxes');

export async function exerciseFilesPayload(exerciseId: string, editable: readonly string[]): Promise<ExerciseFilesPayload> {
  const dir = path.join(sandboxesDir, ...exerciseId.split('/'));
  const starter = await readFolderFiles(path.join(dir, 'starter'));
  const solutionFolder = await readFolderFiles(path.join(dir, 'solution'));
  const solution = Object.fromEntries(Object.entries(solutionFolder).filter(([file]) => editable.includes(file)));
  return { starter, solution, starterHash: await starterHash(starter, editable) };
}
