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

/** Methods that mean the same whether sent once or several times (RFC 9110, section 9.2.2). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const RETRYABLE_STATUS = new Set([502, 503, 504]);
const RETRYABLE_ERRORS = new Set(['TIMEOUT', 'ECONNREFUSED', 'ECONNRESET']);

/** How long to wait before retry number `retry` (1 before the first retry). */
export function backoffDelay(retry, random = Math.random) {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (retry - 1));
  return random() * ceiling; // full jitter: anywhere from 0 to the ceiling
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function createRetrier() {
  let tokens = RETRY_TOKENS;

  return {
    async call(ctx, service, path, options = {}) {
      tokens = Math.min(RETRY_TOKENS, tokens + TOKENS_PER_REQUEST);
      const method = (options.method ?? 'GET').toUpperCase();
      // A POST may create something twice; only a key the server deduplicates on makes it safe to repeat.
      const safe = IDEMPOTENT.has(method) || options.headers?.['idempotency-key'] !== undefined;
      for (let attempt = 1; ; attempt++) {
        let outcome;
        try {
          outcome = { response: await ctx.call(service, path, options) };
        } catch (error) {
          outcome = { error };
        }
        const transient = outcome.error !== undefined || outcome.response.status >= 400; // any failure
        if (!transient || !safe || attempt >= MAX_ATTEMPTS || tokens < 1) {
          if (outcome.error) throw outcome.error;
          return outcome.response;
        }
        tokens -= 1; // the budget: during an outage retries stop, and the service gets only first tries
        await sleep(backoffDelay(attempt));
      }
    },
  };
}
