/**
 * Timeouts and deadlines for calls between services, written with an absolute deadline object and a
 * sequential page: the item first, then reviews with whatever time is left.
 */
export const EDGE_BUDGET_MS = 1_000;
export const CALL_TIMEOUT_MS = 400;
export const TIMEOUT_HEADER = 'x-timeout-ms';

export function deadlineFrom(request, budgetMs = EDGE_BUDGET_MS) {
  const header = request.headers[TIMEOUT_HEADER];
  const left = header === undefined ? budgetMs : Math.max(0, Math.min(budgetMs, parseInt(header, 10) || 0));
  return Date.now() + left;
}

export async function callBefore(ctx, deadline, service, path) {
  const timeoutMs = Math.min(CALL_TIMEOUT_MS, deadline - Date.now());
  if (!(timeoutMs > 0)) throw new Error(`no time left to call ${service}`);
  return ctx.call(service, path, { timeoutMs, headers: { [TIMEOUT_HEADER]: `${timeoutMs}` } });
}

async function attempt(promise) {
  try {
    const response = await promise;
    return response.status === 200 ? response.body : undefined;
  } catch {
    return undefined;
  }
}

export async function productPage(ctx, id, deadline) {
  const reviewsCall = attempt(callBefore(ctx, deadline, 'reviews', `/reviews/${id}`));
  const item = await attempt(callBefore(ctx, deadline, 'catalog', `/items/${id}`));
  if (item === undefined) return { status: 503, body: { error: 'catalog unavailable' } };
  const reviews = await reviewsCall;
  return reviews === undefined
    ? { status: 200, body: { item, reviews: null, degraded: true } }
    : { status: 200, body: { item, reviews } };
}
