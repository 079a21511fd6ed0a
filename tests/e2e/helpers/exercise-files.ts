/** What an exercise folder on disk says the browser should show: its manifest, solution and checks. */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CheckDefinition, CheckFile } from '../../../src/grading/api.ts';
import { readExercise, readFolderFiles } from '../../../src/grading/exercise-files.ts';
import { copyChecks } from '../../../src/grading/grading-folder.ts';
import type { Exercise } from '../../../src/schemas/exercise.ts';

export const repoRoot = resolve(import.meta.dirname, '../../..');

const exerciseDir = (exerciseId: string): string => join(repoRoot, 'sandboxes', ...exerciseId.split('/'));

export function readManifest(exerciseId: string): Promise<Exercise> {
  return readExercise(exerciseDir(exerciseId));
}

/** The solution's versions of the exercise's editable files: what a learner would type to pass. */
export async function solutionEdits(exerciseId: string): Promise<Record<string, string>> {
  const { editable } = await readManifest(exerciseId);
  const solution = await readFolderFiles(join(exerciseDir(exerciseId), 'solution'));
  const edits = Object.entries(solution).filter(([path]) => editable.includes(path));
  if (edits.length === 0) throw new Error(`sandboxes/${exerciseId}/solution/ holds none of the editable files (${editable.join(', ')})`);
  return Object.fromEntries(edits);
}

/** The exercise's checks in the order Results lists them: check files by name, then each file's array order. */
export async function listedChecks(exerciseId: string): Promise<Pick<CheckDefinition, 'id' | 'name' | 'task'>[]> {
  // Laid out as grading lays them, so checks that import the lesson's helpers (./_shared/…) load too.
  const dir = await mkdtemp(join(tmpdir(), 'archlab-e2e-checks-'));
  try {
    await copyChecks(exerciseDir(exerciseId), dir);
    const files = (await readdir(dir)).filter((name) => name.endsWith('.check.js')).sort();
    const checks = [];
    for (const file of files) {
      const { default: list } = (await import(pathToFileURL(join(dir, file)).href)) as { default: CheckFile };
      checks.push(...list.map(({ id, name, task }) => ({ id, name, task })));
    }
    return checks;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
