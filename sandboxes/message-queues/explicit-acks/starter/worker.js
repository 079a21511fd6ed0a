/** A worker that sends the e-mails waiting in the "emails" queue. */
export function startEmailWorker({ broker, mailer }, { name } = {}) {
  return broker.consume(
    'emails',
    async (delivery) => {
      const job = JSON.parse(delivery.body);
      await mailer.send({ to: job.to, template: job.template });
    },
    { name },
  );
}
