/**
 * Timeouts and deadlines for calls between services.
 *
 * A visitor's request gets EDGE_BUDGET_MS in total. Each call to another service tells it how much of that
 * time is left, in the TIMEOUT_HEADER header, and no call waits longer than CALL_TIMEOUT_MS.
 * ctx.call(service, path, { timeoutMs, headers }) gives up after timeoutMs and throws an error whose code is
 * 'TIMEOUT'.
 */
export const EDGE_BUDGET_MS = 1_000;
export const CALL_TIMEOUT_MS = 400;
export const TIMEOUT_HEADER = 'x-timeout-ms';

/** When this request must be answered by (a Date.now() value): the caller's remaining time, or `budgetMs` for a visitor. */
export function deadlineFrom(request, budgetMs = EDGE_BUDGET_MS) {
  return Date.now() + budgetMs; // every service starts its own full budget
}

/** Calls `service`, giving up at CALL_TIMEOUT_MS or at the deadline, whichever comes first. */
export async function callBefore(ctx, deadline, service, path) {
  const timeoutMs = Math.min(CALL_TIMEOUT_MS, deadline - Date.now());
  return ctx.call(service, path, { timeoutMs });
}

/** The product page: the item from catalog (needed) and its reviews (nice to have). */
export async function productPage(ctx, id, deadline) {
  const [item, reviews] = await Promise.allSettled([
    callBefore(ctx, deadline, 'catalog', `/items/${id}`),
    callBefore(ctx, deadline, 'reviews', `/reviews/${id}`),
  ]);
  if (item.status === 'rejected' || item.value.status !== 200) {
    // Without the item there is no page: say so at once rather than serve half a product.
    const why = item.status === 'rejected' ? item.reason.message : `catalog answered ${item.value.status}`;
    return { status: 503, body: { error: `the catalog is unavailable (${why})` } };
  }
  if (reviews.status === 'rejected' || reviews.value.status !== 200) {
    return { status: 200, body: { item: item.value.body, reviews: null, degraded: true } };
  }
  return { status: 200, body: { item: item.value.body, reviews: reviews.value.body } };
}
