/** Rate limits with whole tokens added per elapsed interval, and a client loop written with recursion. */
export const MAX_WAIT_MS = 5_000;
export const MAX_ATTEMPTS = 3;

export function createTokenBucket({ capacity, refillPerSecond }) {
  const interval = 1000 / refillPerSecond;
  let tokens = capacity;
  let last = Date.now();
  return {
    take() {
      const earned = Math.floor((Date.now() - last) / interval);
      if (earned > 0) {
        tokens = Math.min(capacity, tokens + earned);
        last += earned * interval;
      }
      if (tokens === capacity) last = Date.now();
      if (tokens > 0) {
        tokens--;
        return { ok: true };
      }
      return { ok: false, retryAfterMs: last + interval - Date.now() };
    },
  };
}

export function limited(bucket, handler) {
  return async (request, ctx) => {
    const { ok, retryAfterMs } = bucket.take();
    if (ok) return handler(request, ctx);
    return { status: 429, headers: { 'Retry-After': `${Math.ceil(retryAfterMs / 1000) || 1}` }, body: { error: 'rate limited' } };
  };
}

export async function callHonouringRetryAfter(ctx, service, path, options = {}, attempt = 1) {
  const response = await ctx.call(service, path, options);
  if (response.status !== 429 || attempt === MAX_ATTEMPTS) return response;
  const seconds = parseInt(response.headers['retry-after'], 10);
  if (!(seconds * 1000 <= MAX_WAIT_MS)) return response;
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  return callHonouringRetryAfter(ctx, service, path, options, attempt + 1);
}
