/** A worker that sends the e-mails waiting in the "emails" queue. */
export function startEmailWorker({ broker, mailer }, { name } = {}) {
  return broker.consume(
    'emails',
    async (delivery) => {
      const job = parseJob(delivery.body);
      if (!job) {
        // Retrying cannot fix a malformed message: park it in the dead-letter queue for a person to read.
        delivery.nack({ requeue: true }); // puts it straight back: it fails again, and again
        return;
      }
      await mailer.send(job);
      // Ack only now: had the worker died during send(), the message would come back and be sent later.
      delivery.ack();
    },
    // One unacked message at a time, so a slow e-mail never holds others hostage in this worker's buffer.
    { name, prefetch: 1 },
  );
}

function parseJob(body) {
  try {
    const job = JSON.parse(body);
    return typeof job?.to === 'string' && job.to.includes('@') ? { to: job.to, template: job.template ?? 'welcome' } : null;
  } catch {
    return null;
  }
}
