/**
 * The runner's way to the one grading code path (`src/grading/grade.ts`). It is loaded on first use, so a runner
 * without it still serves the workspace and answers `check` with `grading-unavailable`.
 */
import type { FileMap } from '../runtime/types.ts';
import { resultsSchema, type Results } from '../schemas/results.ts';
import { RequestError } from './request-error.ts';

const gradeModule = new URL('../grading/grade.ts', import.meta.url).href;

type Grade = (input: { exerciseDir: string; learnerFiles: FileMap }) => Promise<unknown>;

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
export async function gradeFiles(exerciseDir: string, learnerFiles: FileMap): Promise<Results> {
  const grade = await loadGrade();
  const parsed = resultsSchema.safeParse(await grade({ exerciseDir, learnerFiles }));
  if (!parsed.success) throw new RequestError('internal', `grading returned a malformed results object: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
