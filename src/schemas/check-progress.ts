/**
 * Check progress: what a grading run reports while it runs, before the results object (src/schemas/results.ts)
 * that ends it. Streaming is an addition: a consumer that ignores every progress event still gets the same final
 * results, and the final results alone decide what is stored. Events of one run, in order:
 *
 *   { type: 'checks', checks: [{ id, name, task_id }, …] }   once, when the checks are known (author order)
 *   { type: 'running', id }                                    a check has started
 *   { type: 'verdict', test: <a results.tests entry> }         a check has its verdict, exactly as in the results
 *
 * A run that cannot load the learner's code sends no `checks` event; a run that stops early leaves the checks it
 * did not reach without a verdict (the final results say why).
 */
import { z } from 'zod';
import './common.ts';
import { testResultSchema } from './results.ts';

export const plannedCheckSchema = testResultSchema.pick({ id: true, name: true, task_id: true });
export type PlannedCheck = z.output<typeof plannedCheckSchema>;

export const checkProgressSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('checks'), checks: z.array(plannedCheckSchema) }),
  z.strictObject({ type: z.literal('running'), id: z.string() }),
  z.strictObject({ type: z.literal('verdict'), test: testResultSchema }),
]);

export type CheckProgress = z.output<typeof checkProgressSchema>;
export type OnCheckProgress = (event: CheckProgress) => void;

/**
 * Where progress travels as text (the stdout of `grade.js --progress`, which the WebContainer adapter reads), a line
 * that starts with PROGRESS_PREFIX carries one event. Check output never reaches the grader's stdout (each worker's
 * output is captured), so only the grader writes these lines.
 */
export const PROGRESS_PREFIX = 'archlab-progress ';

/** The event a line carries, or undefined for any other line (a malformed one included: progress is advisory). */
export function parseProgressLine(line: string): CheckProgress | undefined {
  if (!line.startsWith(PROGRESS_PREFIX)) return undefined;
  try {
    const parsed = checkProgressSchema.safeParse(JSON.parse(line.slice(PROGRESS_PREFIX.length)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
