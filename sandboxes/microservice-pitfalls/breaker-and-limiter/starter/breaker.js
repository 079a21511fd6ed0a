/**
 * A circuit breaker around calls to one service. createBreaker() returns { state, call(fn) }: call(fn) runs
 * fn() (which returns a promise of { status, … }) unless the breaker is open.
 *
 *   closed     calls go through; FAILURE_THRESHOLD failures in a row (a thrown error, or a status >= 500) open it
 *   open       calls fail at once with an error whose code is 'BREAKER_OPEN', without calling, for OPEN_MS
 *   half-open  after OPEN_MS, one call goes through as a probe (others still fail at once):
 *              if it succeeds the breaker closes, if it fails it opens again for OPEN_MS
 */
export const FAILURE_THRESHOLD = 5;
export const OPEN_MS = 2_000;

export function createBreaker() {
  return {
    state: 'closed',
    async call(fn) {
      return fn();
    },
  };
}
