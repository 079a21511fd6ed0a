import type { FileMap } from '../runtime/types.ts';

/**
 * `/lessons/<slug>/<exercise>/files.json`: what the workspace needs of ONE exercise beyond what the page shows.
 * Built by `src/pages/lessons/[slug]/[exercise]/files.json.ts`.
 */
export interface ExerciseFilesPayload {
  /** Every file of `starter/`. */
  starter: FileMap;
  /** The editable files as `solution/` has them (Show solution). */
  solution: FileMap;
  /** `filesHash(starter)`: saved edits remember it to notice a changed starter. */
  starterHash: string;
}

export const FILES_PAYLOAD_NAME = 'files.json';
