/**
 * Build time only: the files WebContainer needs to grade, read from disk for `files.json` and the harness endpoint.
 * The local runner and the CLIs read the same folders directly.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Exercise } from '../schemas/exercise.ts';
import type { FileMap } from '../schemas/files.ts';
import { HARNESS_PAYLOAD_PATH, type ExerciseGradingPayload, type HarnessPayload } from '../schemas/payloads.ts';
import { readFolderFiles } from '../grading/exercise-files.ts';
import { exerciseDir, readSharedCheckHelpers, SHARED } from './layout.ts';

/** `npm run vendor` writes the bundled harness here (scripts/vendor.ts); build and dev run it first. */
const harnessDir = path.resolve('.archlab', 'grading');

/** exercise.json (as written, so the harness validates exactly what the author wrote), checks/ and the lesson's check helpers, prefixed. */
export async function exerciseGradingPayload(exerciseId: string, exercise: Exercise, base: string): Promise<ExerciseGradingPayload> {
  const dir = exerciseDir(exerciseId);
  const files: FileMap = { 'exercise.json': await readFile(path.join(dir, 'exercise.json'), 'utf8') };
  for (const [file, contents] of Object.entries(await readFolderFiles(path.join(dir, 'checks')))) files[`checks/${file}`] = contents;
  // Laid where a grading run lays them (grading-folder.ts), so the harness finds them there without the lesson.
  for (const [file, contents] of Object.entries(await readSharedCheckHelpers(dir))) files[`checks/${SHARED}/${file}`] = contents;
  return { files, gradeSeconds: exercise.timeouts.grade, harnessUrl: `${base.replace(/\/?$/, '/')}${HARNESS_PAYLOAD_PATH}` };
}

export async function harnessPayload(): Promise<HarnessPayload> {
  const files = await readFolderFiles(harnessDir);
  if (!files['grade.js'] || !files['check-worker.js']) {
    throw new Error(`${harnessDir} has no bundled harness (grade.js, check-worker.js): run \`npm run vendor\` first`);
  }
  return { files };
}
