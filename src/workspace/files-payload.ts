import type { FileMap } from '../runtime/types.ts';

/**
 * `/lessons/<slug>/<exercise>/files.json`: what the workspace needs of ONE exercise beyond what the page shows.
 * Built by `src/pages/lessons/[slug]/[exercise]/files.json.ts`.
 */
export interface FilesJson extends ExerciseFilesPayload {
  /** What Check needs to grade inside WebContainer, where no pristine exercise is on disk. */
  grading: ExerciseGradingPayload;
}

/** The editor's files of one exercise (`read-exercise-files.ts` reads them). */
export interface ExerciseFilesPayload {
  /** Every file of `starter/`. */
  starter: FileMap;
  /** The editable files as `solution/` has them (Show solution). */
  solution: FileMap;
  /** `filesHash(starter)`: saved edits remember it to notice a changed starter. */
  starterHash: string;
}

export interface ExerciseGradingPayload {
  /**
   * `exercise.json` and every file of `checks/`, keyed by their path in the exercise folder (`checks/x.check.js`).
   * The starter is `starter` above; the solution is left out because grading never reads it.
   */
  files: FileMap;
  /** exercise.json's `timeouts.grade`, in seconds: the harness's own budget for all checks together. */
  gradeSeconds: number;
  /** Root-relative URL of the harness bundle (`HarnessPayload`), shared by every exercise. */
  harnessUrl: string;
}

/** The check harness as `npm run vendor` bundled it (`grade.js`, `check-worker.js`, `package.json`). */
export interface HarnessPayload {
  files: FileMap;
}

export const FILES_PAYLOAD_NAME = 'files.json';

/** Where the harness payload is served, relative to the site's base (`src/pages/grading/harness.json.ts`). */
export const HARNESS_PAYLOAD_PATH = 'grading/harness.json';
