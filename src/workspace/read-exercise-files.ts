/** Build time only: reads an exercise's starter and solution from `sandboxes/` for its page and its files.json. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { filesHash } from '../progress/hash.ts';
import type { FileMap } from '../runtime/types.ts';
import type { ExerciseFilesPayload } from './files-payload.ts';

const sandboxesDir = path.resolve('sandboxes');

/** Every file under `dir`, keyed by its path relative to `dir` with forward slashes, in sorted order. */
export async function readFolder(dir: string): Promise<FileMap> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
  const map: FileMap = {};
  for (const file of files) map[file] = await readFile(path.join(dir, file), 'utf8');
  return map;
}

export async function exerciseFilesPayload(exerciseId: string, editable: readonly string[]): Promise<ExerciseFilesPayload> {
  const dir = path.join(sandboxesDir, ...exerciseId.split('/'));
  const starter = await readFolder(path.join(dir, 'starter'));
  const solutionFolder = await readFolder(path.join(dir, 'solution'));
  const solution = Object.fromEntries(Object.entries(solutionFolder).filter(([file]) => editable.includes(file)));
  return { starter, solution, starterHash: await filesHash(starter) };
}
