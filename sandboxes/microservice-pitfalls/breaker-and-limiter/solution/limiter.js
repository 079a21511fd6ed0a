/**
 * Rate limits, from both sides.
 *
 * The server side: a token bucket holds up to `capacity` tokens and gains `refillPerSecond` a second; each
 * request takes one, and a request that finds none is answered 429 Too Many Requests with a Retry-After header
 * (whole seconds) saying when to come back.
 *
 * The client side: callHonouringRetryAfter calls a service and, when it answers 429, waits the Retry-After
 * before trying again — if that wait is not longer than MAX_WAIT_MS.
 */
export const MAX_WAIT_MS = 5_000;
export const MAX_ATTEMPTS = 3;

/** take() → { ok: true } when a token was free, or { ok: false, retryAfterMs } until the next one. */
export function createTokenBucket({ capacity, refillPerSecond }) {
  let tokens = capacity;
  let updatedAt = Date.now();
  return {
    take() {
      const now = Date.now();
      // Refill for the time that passed, computed on demand: no timer needed.
      tokens = Math.min(capacity, tokens + ((now - updatedAt) / 1000) * refillPerSecond);
      updatedAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterMs: ((1 - tokens) / refillPerSecond) * 1000 };
    },
  };
}

/** Wraps a service handler so requests beyond the bucket's rate are answered 429 with Retry-After. */
export function limited(bucket, handler) {
  return async (request, ctx) => {
    const token = bucket.take();
    if (!token.ok) {
      // Retry-After counts whole seconds (RFC 9110): round up, never tell a client to come back too early.
      const seconds = Math.max(1, Math.ceil(token.retryAfterMs / 1000));
      return { status: 429, headers: { 'retry-after': String(seconds) }, body: { error: 'too many requests' } };
    }
    return handler(request, ctx);
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** ctx.call that honours 429 + Retry-After, at most MAX_ATTEMPTS attempts and MAX_WAIT_MS per wait. */
export async function callHonouringRetryAfter(ctx, service, path, options = {}) {
  for (let attempt = 1; ; attempt++) {
    const response = await ctx.call(service, path, options);
    if (response.status !== 429 || attempt >= MAX_ATTEMPTS) return response;
    const waitMs = Number(response.headers['retry-after']) * 1000;
    // No Retry-After, or one longer than we will hold our own caller: pass the 429 on now.
    if (!Number.isFinite(waitMs) || waitMs > MAX_WAIT_MS) return response;
    await sleep(waitMs);
  }
}
