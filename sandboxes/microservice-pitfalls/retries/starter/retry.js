/**
 * Retries for the edge's calls. createRetrier() makes one retrier; its call(ctx, service, path, options)
 * is ctx.call with retries. ctx.call throws an error with a `code` ('TIMEOUT', 'ECONNREFUSED', 'ECONNRESET')
 * when no answer came, and resolves { status, headers, body } when one did.
 */
export const MAX_ATTEMPTS = 3; // the first call and at most two retries
export const BASE_DELAY_MS = 100;
export const MAX_DELAY_MS = 2_000;
export const RETRY_TOKENS = 3; // the retry budget: tokens at the start, and the most it can hold
export const TOKENS_PER_REQUEST = 0.1; // each request earns a tenth of a retry

/** How long to wait before retry number `retry` (1 before the first retry). */
export function backoffDelay(retry, random = Math.random) {
  return 0;
}

export function createRetrier() {
  return {
    async call(ctx, service, path, options = {}) {
      // Try again at once until it works, up to five times.
      let last;
      for (let attempt = 1; attempt <= 5; attempt++) {
        try {
          last = await ctx.call(service, path, options);
          if (last.status < 500) return last;
        } catch (error) {
          if (attempt === 5) throw error;
        }
      }
      return last;
    },
  };
}
