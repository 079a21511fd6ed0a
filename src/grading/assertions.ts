/** `t.assert`: assertions that fail a check with a learner-readable message and fill `expected`/`actual`. */
import { isDeepStrictEqual } from 'node:util';
import type { Assertions } from './api.ts';
import { CheckFailure } from './errors.ts';
import { showInline as inline, showValue } from './show-value.ts';

export function createAssertions(): Assertions {
  return {
    equal(actual, expected, what) {
      if (!isDeepStrictEqual(actual, expected)) {
        throw new CheckFailure(`${what}: expected ${inline(expected)}, got ${inline(actual)}`, {
          expected: showValue(expected),
          actual: showValue(actual),
        });
      }
    },
    notEqual(actual, unexpected, what) {
      if (isDeepStrictEqual(actual, unexpected)) {
        throw new CheckFailure(`${what}: expected anything but ${inline(unexpected)}`, { actual: showValue(actual) });
      }
    },
    ok(condition, message, detail) {
      if (!condition) throw new CheckFailure(message, detail);
    },
    match(actual, pattern, what) {
      if (typeof actual !== 'string' || !pattern.test(actual)) {
        throw new CheckFailure(`${what}: expected text matching ${pattern}, got ${inline(actual)}`, {
          expected: String(pattern),
          actual: showValue(actual),
        });
      }
    },
    fail(message, detail) {
      throw new CheckFailure(message, detail);
    },
  };
}
