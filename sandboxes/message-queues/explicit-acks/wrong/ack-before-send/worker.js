/** A worker that sends the e-mails waiting in the "emails" queue. */
export function startEmailWorker({ broker, mailer }, { name } = {}) {
  return broker.consume(
    'emails',
    async (delivery) => {
      const job = parseJob(delivery.body);
      if (!job) {
        // Retrying cannot fix a malformed message: park it in the dead-letter queue for a person to read.
        delivery.nack({ requeue: false, reason: 'not an e-mail job: expected JSON with a "to" address' });
        return;
      }
      // Acks first, then sends: if the worker dies during send(), the e-mail is lost.
      delivery.ack();
      await mailer.send(job);
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
