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
  return {
    take() {
      return { ok: true };
    },
  };
}

/** Wraps a service handler so requests beyond the bucket's rate are answered 429 with Retry-After. */
export function limited(bucket, handler) {
  return async (request, ctx) => {
    return handler(request, ctx);
  };
}

/** ctx.call that honours 429 + Retry-After, at most MAX_ATTEMPTS attempts and MAX_WAIT_MS per wait. */
export async function callHonouringRetryAfter(ctx, service, path, options = {}) {
  return ctx.call(service, path, options);
}
