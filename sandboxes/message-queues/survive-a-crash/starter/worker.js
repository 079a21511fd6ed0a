/**
 * A worker that makes thumbnails. `resize(job)` does the work and takes a while (up to 90 s for a panorama).
 * QUEUE_OPTIONS is how the "thumbnails" queue is declared: main.js and the checks pass it to declareQueue.
 */
export const QUEUE_OPTIONS = { visibilityTimeoutMs: 30_000 };

export function startWorker({ broker, resize }, { name } = {}) {
  return broker.consume(
    'thumbnails',
    async (delivery) => {
      // Ack first, as Celery does by default: the message is gone before the work starts.
      delivery.ack();
      const job = JSON.parse(delivery.body);
      await resize(job);
    },
    { name, prefetch: 1 },
  );
}
