/**
 * A worker that makes thumbnails. `resize(job)` does the work and takes a while (up to 90 s for a panorama).
 * QUEUE_OPTIONS is how the "thumbnails" queue is declared: main.js and the checks pass it to declareQueue.
 */
export const QUEUE_OPTIONS = {
  // Longer than the slowest job (90 s), so a job that is still running is never handed to a second worker;
  // short enough that the job of a crashed worker comes back within the 5 minutes we promise.
  visibilityTimeoutMs: 2 * 60_000,
};

export function startWorker({ broker, resize }, { name } = {}) {
  return broker.consume(
    'thumbnails',
    async (delivery) => {
      const job = JSON.parse(delivery.body);
      delivery.ack(); // acked before the work: a crash from here on loses the job
      try {
        await resize(job);
      } catch (error) {
        if (error?.code === 'WORKER_LOST') {
          // The process running the job was killed; the job itself did nothing wrong. Put it back now instead of
          // waiting for the visibility timeout (Celery: task_reject_on_worker_lost = True).
          delivery.nack({ requeue: true });
        } else {
          // The job failed on its own: running it again would fail again. Keep it for a person to look at.
          delivery.nack({ requeue: false, reason: String(error?.message ?? error) });
        }
        return;
      }
      // Late ack: only a finished job leaves the queue (Celery: acks_late = True).
      delivery.ack();
    },
    { name, prefetch: 1 },
  );
}
