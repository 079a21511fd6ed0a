import { z } from 'zod';
import './common.ts';

export const resultStatus = z.enum(['pass', 'fail', 'error']);
export type ResultStatus = z.output<typeof resultStatus>;

/** One check's outcome, in author order. */
export const testResultSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  task_id: z.string(),
  status: resultStatus,
  message: z.string().optional(),
  expected: z.string().optional(),
  actual: z.string().optional(),
  output: z.string().optional(),
  hint: z.string().optional(),
});

/**
 * The results object: identical from the browser, the local runner and the CLI.
 * Run-level `error` means the learner's code could not be loaded or the budget ran out.
 */
export const resultsSchema = z.strictObject({
  version: z.literal(1),
  status: resultStatus,
  message: z.string().optional(),
  tests: z.array(testResultSchema),
});

export type TestResult = z.output<typeof testResultSchema>;
export type Results = z.output<typeof resultsSchema>;

/** A run-level error: the checks could not test the learner's code at all (`tests` holds any that ran before). */
export function runError(message: string, tests: TestResult[] = []): Results {
  return { version: 1, status: 'error', message, tests };
}
