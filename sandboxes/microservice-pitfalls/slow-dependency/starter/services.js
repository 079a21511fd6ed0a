/**
 * The shop's services. A visitor's GET /products/:id reaches the edge, which asks catalog for the item
 * (catalog asks pricing for its price) and reviews for what buyers said. Each service is a function
 * (request, ctx) => response; ctx.call(service, path, options) calls another one (see mesh.js).
 */
import { callBefore, deadlineFrom, productPage } from './deadline.js';

const NAMES = { 42: 'Espresso machine', 7: 'Coffee grinder' };

export const services = {
  async edge(request, ctx) {
    const id = request.path.match(/^\/products\/(\w+)$/)?.[1];
    if (!id) return { status: 404, body: { error: 'try GET /products/42' } };
    return productPage(ctx, id, deadlineFrom(request));
  },

  async catalog(request, ctx) {
    const id = request.path.match(/^\/items\/(\w+)$/)?.[1];
    const deadline = deadlineFrom(request);
    try {
      const price = await callBefore(ctx, deadline, 'pricing', `/prices/${id}`);
      if (price.status !== 200) return { status: 502, body: { error: `pricing answered ${price.status}` } };
      return { status: 200, body: { id, name: NAMES[id] ?? `Product ${id}`, priceCents: price.body.cents } };
    } catch (error) {
      return { status: 504, body: { error: `pricing: ${error.message}` } };
    }
  },

  async pricing(request) {
    return { status: 200, body: { cents: 24_900 } };
  },

  async reviews(request) {
    return { status: 200, body: [{ stars: 5, text: 'Makes a fine espresso.' }, { stars: 3, text: 'Loud.' }] };
  },
};
