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
  // Exponential: 1 s, 2 s, 4 s, … but never more than the cap.
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** retries);
  // Full jitter: anywhere between 0 and the ceiling, so failures that happened together retry apart.
  return Math.round(random() * ceiling);
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
        const retries = delivery.deliveryCount - 1;
        if (!RETRYABLE_CODES.includes(error?.code)) {
          // Waiting will not fix a wrong phone number: give up now (Celery retries only autoretry_for errors).
          delivery.nack({ requeue: false, reason: `not retryable: ${error?.message ?? error}` });
        } else if (retries >= MAX_RETRIES) {
          delivery.ack(); // gives up silently: the text is never sent and nobody knows
        } else {
          delivery.nack({ requeue: true, delayMs: backoffDelay(retries) });
        }
      }
    },
    { name, prefetch: 1 },
  );
}
