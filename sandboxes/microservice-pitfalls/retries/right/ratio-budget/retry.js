/**
 * Retries for the edge's calls, with the budget kept as counts: retries may be at most a tenth of the
 * requests so far, plus a small allowance (the Google SRE book's per-client retry ratio).
 */
export const MAX_ATTEMPTS = 3;
export const BASE_DELAY_MS = 100;
export const MAX_DELAY_MS = 2_000;
export const RETRY_TOKENS = 3;
export const TOKENS_PER_REQUEST = 0.1;

export function backoffDelay(retry, random = Math.random) {
  const exponential = BASE_DELAY_MS * Math.pow(2, retry - 1);
  return Math.floor(random() * Math.min(exponential, MAX_DELAY_MS));
}

function mayRetry(method, headers = {}) {
  if (['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'].includes(method)) return true;
  return Object.keys(headers).some((name) => name.toLowerCase() === 'idempotency-key');
}

function transient(error, response) {
  if (error) return ['TIMEOUT', 'ECONNREFUSED', 'ECONNRESET'].includes(error.code);
  return response.status === 502 || response.status === 503 || response.status === 504;
}

export function createRetrier() {
  let requests = 0;
  let retries = 0;
  const budgetLeft = () => RETRY_TOKENS + TOKENS_PER_REQUEST * requests - retries >= 1;

  return {
    async call(ctx, service, path, options = {}) {
      requests += 1;
      const retryable = mayRetry(String(options.method ?? 'GET').toUpperCase(), options.headers);
      let attempt = 0;
      while (true) {
        attempt += 1;
        let error;
        let response;
        try {
          response = await ctx.call(service, path, options);
        } catch (caught) {
          error = caught;
        }
        const again = retryable && transient(error, response) && attempt < MAX_ATTEMPTS && budgetLeft();
        if (!again) {
          if (error) throw error;
          return response;
        }
        retries += 1;
        await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt)));
      }
    },
  };
}
