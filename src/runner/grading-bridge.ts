/** The runner's way to the one grading code path (`src/grading/grade.ts`). */
import { grade } from '../grading/grade.ts';
import type { HeadStart } from '../grading/head-start.ts';
import type { OnCheckProgress } from '../schemas/check-progress.ts';
import type { FileMap } from '../schemas/files.ts';
import { describeIssues } from '../schemas/issues.ts';
import { resultsSchema, type Results } from '../schemas/results.ts';
import { RequestError } from './request-error.ts';

export interface GradeRun {
  /** Aborted when the session ends: grading stops and ends its processes. */
  signal: AbortSignal;
  /** Marker for every process of the run, nested under the session's so ending the session reaches them. */
  marker: string;
  /** Each check's start and verdict as they happen. */
  onProgress?: OnCheckProgress;
  /** The exercise's packages (name → vendored folder). */
  packages?: Record<string, string>;
  /** The run begun ahead of the Check (src/grading/head-start.ts). */
  headStart?: HeadStart;
}

/** Grades the pristine exercise in `exerciseDir` with the learner's editable files laid over its starter. */
export async function gradeFiles(exerciseDir: string, learnerFiles: FileMap, run: GradeRun): Promise<Results> {
  let results: unknown;
  try {
    results = await grade({ exerciseDir, learnerFiles, ...run });
  } catch (error) {
    // grade() throws only when the exercise itself cannot be graded: the author's problem, not the learner's.
    throw new RequestError('internal', `this exercise cannot be graded: ${(error as Error).message}`);
  }
  const parsed = resultsSchema.safeParse(results);
  if (!parsed.success) throw new RequestError('internal', `grading returned a malformed results object: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
