/**
 * The runner's way to the one grading code path (`src/grading/grade.ts`). It is loaded on first use, so a runner
 * without it still serves the workspace and answers `check` with `grading-unavailable`.
 */
import type { FileMap } from '../runtime/types.ts';
import { resultsSchema, type Results } from '../schemas/results.ts';
import { RequestError } from './request-error.ts';

const gradeModule = new URL('../grading/grade.ts', import.meta.url).href;

export interface GradeRun {
  /** Aborted when the session ends: grading stops and ends its processes. */
  signal: AbortSignal;
  /** Marker for every process of the run, nested under the session's so ending the session reaches them. */
  marker: string;
}

type Grade = (input: { exerciseDir: string; learnerFiles: FileMap } & GradeRun) => Promise<unknown>;

async function loadGrade(): Promise<Grade> {
  let module: { grade?: unknown };
  try {
    module = (await import(gradeModule)) as { grade?: unknown };
  } catch (error) {
    throw new RequestError('grading-unavailable', `grading is unavailable in this runner: ${(error as Error).message}`);
  }
  if (typeof module.grade !== 'function') {
    throw new RequestError('grading-unavailable', 'grading is unavailable in this runner: src/grading/grade.ts exports no grade()');
  }
  return module.grade as Grade;
}

/** Grades the pristine exercise in `exerciseDir` with the learner's editable files laid over its starter. */
export async function gradeFiles(exerciseDir: string, learnerFiles: FileMap, run: GradeRun): Promise<Results> {
  const grade = await loadGrade();
  let results: unknown;
  try {
    results = await grade({ exerciseDir, learnerFiles, ...run });
  } catch (error) {
    // grade() throws only when the exercise itself cannot be graded: the author's problem, not the learner's.
    throw new RequestError('internal', `this exercise cannot be graded: ${(error as Error).message}`);
  }
  const parsed = resultsSchema.safeParse(results);
  if (!parsed.success) throw new RequestError('internal', `grading returned a malformed results object: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
