/**
 * A worker that sends text messages through an SMS provider. `send(job)` talks to the provider and throws
 * when that fails; `error.code` says why.
 */
export const MAX_RETRIES = 5;
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_MAX_MS = 10_000;
/** Error codes that mean "try again later": the network or the provider had a bad moment. */
export const RETRYABLE_CODES = ['ECONNRESET', 'ETIMEDOUT', 'RATE_LIMITED'];

/** How long to wait before the next attempt, when `retries` retries have already happened (0 before the first). */
export function backoffDelay(retries, random = Math.random) {
  return 0;
}

export function startWorker({ broker, send }, { name } = {}) {
  return broker.consume(
    'sms',
    async (delivery) => {
      const job = JSON.parse(delivery.body);
      try {
        await send(job);
        delivery.ack();
      } catch (error) {
        // Try again straight away.
        delivery.nack({ requeue: true });
      }
    },
    { name, prefetch: 1 },
  );
}
