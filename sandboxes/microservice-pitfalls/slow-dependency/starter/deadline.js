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
  return Infinity;
}

/** Calls `service`, giving up at CALL_TIMEOUT_MS or at the deadline, whichever comes first. */
export async function callBefore(ctx, deadline, service, path) {
  return ctx.call(service, path);
}

/** The product page: the item from catalog (needed) and its reviews (nice to have). */
export async function productPage(ctx, id, deadline) {
  const [item, reviews] = await Promise.all([
    callBefore(ctx, deadline, 'catalog', `/items/${id}`),
    callBefore(ctx, deadline, 'reviews', `/reviews/${id}`),
  ]);
  return { status: 200, body: { item: item.body, reviews: reviews.body } };
}
