/**
 * Errors with a meaning for the verdict. A check body that throws `CheckFailure` (every assertion and helper
 * does) fails with that message; `LoadError` means the learner's code could not be imported or started at all;
 * anything else thrown by a check is an unexpected error of the check.
 */

import { showValue } from './show-value.ts';

/** What a failed check expected and what it found; text is shown as written, other values as code would write them. */
export interface FailureDetail {
  expected?: unknown;
  actual?: unknown;
}

const asText = (value: unknown) => (typeof value === 'string' ? value : showValue(value));

/** The learner's code does not do what the check requires; the message is written for the learner. */
export class CheckFailure extends Error {
  override name = 'CheckFailure';
  readonly expected?: string;
  readonly actual?: string;
  constructor(message: string, detail: FailureDetail = {}) {
    super(message);
    if ('expected' in detail) this.expected = asText(detail.expected);
    if ('actual' in detail) this.actual = asText(detail.actual);
  }
}

/** A request to the learner's program went wrong; `code` is Node's error code, e.g. `ECONNREFUSED`, or `TIMEOUT`. */
export class HttpError extends CheckFailure {
  override name = 'HttpError';
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }
}

/** The learner's code could not be imported or started, so the check could not test anything. */
export class LoadError extends Error {
  override name = 'LoadError';
}

/** The exercise itself cannot be graded (bad manifest, broken or missing checks, missing folder): an author's or caller's problem. */
export class GradingSetupError extends Error {
  override name = 'GradingSetupError';
}
