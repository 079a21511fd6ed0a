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
  let failures = 0;
  let openedAt = 0;
  let probing = false;
  const breaker = {
    state: 'closed',
    async call(fn) {
      if (breaker.state === 'open' && Date.now() - openedAt >= OPEN_MS) breaker.state = 'half-open';
      if (breaker.state === 'open' || (breaker.state === 'half-open' && probing)) {
        throw Object.assign(new Error('circuit breaker open: not calling a service that keeps failing'), { code: 'BREAKER_OPEN' });
      }
      const probe = breaker.state === 'half-open';
      probing = probe;
      let response;
      try {
        response = await fn();
      } catch (error) {
        failed(probe);
        throw error;
      }
      if (response.status >= 500) failed(probe);
      else succeeded();
      return response;
    },
  };
  function failed(probe) {
    probing = false;
    failures += 1;
    if (probe || failures >= FAILURE_THRESHOLD) {
      breaker.state = 'open';
      openedAt = Date.now();
    }
  }
  function succeeded() {
    probing = false;
    breaker.state = 'closed';
  }
  return breaker;
}
