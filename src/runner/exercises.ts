/** Finding an exercise for a session: the id names a folder under `<repoRoot>/sandboxes`, nothing else. */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { exerciseSchema, type Exercise } from '../schemas/exercise.ts';
import { RequestError } from './request-error.ts';

export interface ExerciseFolder {
  /** Absolute path of `sandboxes/<slug>/<exercise>`. */
  dir: string;
  exercise: Exercise;
}

/** Loads `<repoRoot>/sandboxes/<exerciseId>`; `exerciseId` has already been checked to be `<slug>/<slug>`. */
export async function loadExercise(repoRoot: string, exerciseId: string): Promise<ExerciseFolder> {
  const dir = path.join(repoRoot, 'sandboxes', ...exerciseId.split('/'));
  let text: string;
  try {
    text = await readFile(path.join(dir, 'exercise.json'), 'utf8');
  } catch {
    throw new RequestError('not-found', `there is no exercise "${exerciseId}" (no sandboxes/${exerciseId}/exercise.json)`);
  }
  const starter = await stat(path.join(dir, 'starter')).catch(() => null);
  if (!starter?.isDirectory()) throw new RequestError('not-found', `exercise "${exerciseId}" has no starter/ folder`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RequestError('internal', `sandboxes/${exerciseId}/exercise.json is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = exerciseSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RequestError('internal', `sandboxes/${exerciseId}/exercise.json: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return { dir, exercise: parsed.data };
}
