/** Finding an exercise for a session: the id names a folder under `<repoRoot>/sandboxes`, nothing else. */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { exerciseDir } from '../course/layout.ts';
import { vendoredPackages } from '../course/packages.ts';
import { readExercise } from '../grading/exercise-files.ts';
import type { Exercise } from '../schemas/exercise.ts';
import { RequestError } from './request-error.ts';

export interface ExerciseFolder {
  /** Absolute path of `sandboxes/<slug>/<exercise>`. */
  dir: string;
  exercise: Exercise;
  /** The vendored folder of each package it declares (src/course/packages.ts). */
  packages: Record<string, string>;
}

/** Loads `<repoRoot>/sandboxes/<exerciseId>`; `exerciseId` has already been checked to be `<slug>/<slug>`. */
export async function loadExercise(repoRoot: string, exerciseId: string): Promise<ExerciseFolder> {
  const dir = exerciseDir(exerciseId, repoRoot);
  const manifest = await stat(path.join(dir, 'exercise.json')).catch(() => null);
  if (!manifest?.isFile()) throw new RequestError('not-found', `there is no exercise "${exerciseId}" (no sandboxes/${exerciseId}/exercise.json)`);
  const starter = await stat(path.join(dir, 'starter')).catch(() => null);
  if (!starter?.isDirectory()) throw new RequestError('not-found', `exercise "${exerciseId}" has no starter/ folder`);
  try {
    const exercise = await readExercise(dir);
    return { dir, exercise, packages: vendoredPackages(exercise.packages, repoRoot) };
  } catch (error) {
    // The author's problem (bad JSON or fields, a package not vendored), said with the file and field.
    throw new RequestError('internal', `sandboxes/${exerciseId}: ${(error as Error).message}`);
  }
}
