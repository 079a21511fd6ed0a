/**
 * The edge answers GET /stock/:id from inventory and POST /orders through orders. Every call to them goes
 * through the retrier of retry.js, one per edge process, so its retry budget covers all of the edge's calls.
 */
import { createRetrier } from './retry.js';

const CALL_TIMEOUT_MS = 300;
const retrier = createRetrier();
let lastOrder = 0;

export const services = {
  async edge(request, ctx) {
    try {
      if (request.method === 'GET' && /^\/stock\/\w+$/.test(request.path)) {
        return answer(await retrier.call(ctx, 'inventory', request.path, { timeoutMs: CALL_TIMEOUT_MS }));
      }
      if (request.method === 'POST' && request.path === '/orders') {
        const key = request.headers['idempotency-key'];
        return answer(await retrier.call(ctx, 'orders', '/orders', {
          method: 'POST',
          body: request.body,
          headers: key === undefined ? {} : { 'idempotency-key': key },
          timeoutMs: CALL_TIMEOUT_MS,
        }));
      }
      return { status: 404, body: { error: 'try GET /stock/42 or POST /orders' } };
    } catch (error) {
      return { status: error.code === 'TIMEOUT' ? 504 : 502, body: { error: error.message } };
    }
  },

  async inventory(request) {
    const id = request.path.split('/').pop();
    return id === '404' ? { status: 404, body: { error: 'no such product' } } : { status: 200, body: { id, inStock: 3 } };
  },

  async orders(request) {
    return { status: 201, body: { orderId: ++lastOrder, items: request.body?.items ?? [] } };
  },
};

/** The edge passes the answer it got on to the visitor. */
function answer(response) {
  return { status: response.status, body: response.body };
}
