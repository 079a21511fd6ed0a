/**
 * The edge serves GET /home (with recommendations, through a circuit breaker) and GET /search (through a
 * client that honours Retry-After). Search protects itself with a token bucket: a burst of 5, then 5 a second.
 */
import { createBreaker } from './breaker.js';
import { callHonouringRetryAfter, createTokenBucket, limited } from './limiter.js';

const CALL_TIMEOUT_MS = 300;
const breaker = createBreaker();
const searchBucket = createTokenBucket({ capacity: 5, refillPerSecond: 5 });

/** What the live view writes on the edge → recommendations arrow. */
export const status = () => ({ 'edge>recommendations': `breaker ${breaker.state}` });

export const services = {
  async edge(request, ctx) {
    if (request.path === '/home') {
      try {
        const response = await breaker.call(() => ctx.call('recommendations', '/for-you', { timeoutMs: CALL_TIMEOUT_MS }));
        if (response.status === 200) return { status: 200, body: { recommendations: response.body } };
      } catch {
        // recommendations failed, or the breaker is open: the home page works without them
      }
      return { status: 200, body: { recommendations: [], degraded: true } };
    }
    if (request.path.startsWith('/search')) {
      try {
        const response = await callHonouringRetryAfter(ctx, 'search', request.path, { timeoutMs: CALL_TIMEOUT_MS });
        return { status: response.status, headers: pickRetryAfter(response.headers), body: response.body };
      } catch (error) {
        return { status: 502, body: { error: error.message } };
      }
    }
    return { status: 404, body: { error: 'try GET /home or GET /search?q=grinder' } };
  },

  async recommendations() {
    return { status: 200, body: ['Milk jug', 'Descaler', 'Tamper'] };
  },

  search: limited(searchBucket, async (request) => {
    const q = new URL(request.path, 'http://x').searchParams.get('q') ?? '';
    return { status: 200, body: { q, results: [`${q} (hand)`, `${q} (electric)`] } };
  }),
};

function pickRetryAfter(headers) {
  return headers['retry-after'] === undefined ? {} : { 'retry-after': headers['retry-after'] };
}
