// Checks for the e-mail queue. Time is a fake clock: five "minutes" pass in a few milliseconds.

const VISIBILITY_TIMEOUT_MS = 30_000;
const FIVE_MINUTES = 5 * 60_000;

async function setup(t, { sendMs = () => 1_000 } = {}) {
  const clock = t.useFakeClock(0);
  const { Broker } = await t.import('broker.js');
  const broker = new Broker();
  broker.declareQueue('emails', { visibilityTimeoutMs: VISIBILITY_TIMEOUT_MS, deadLetterQueue: 'emails.dead' });
  return { clock, broker, mailer: fakeMailer(sendMs) };
}

/** Stands in for the mail server: each send takes `sendMs(to)` of (fake) time. */
function fakeMailer(sendMs) {
  const sent = [];
  return {
    sent,
    send({ to, template }) {
      return new Promise((resolve) => setTimeout(() => resolve(sent.push({ to, template, at: Date.now() })), sendMs(to)));
    },
    copiesTo: (to) => sent.filter((mail) => mail.to === to).length,
  };
}

const job = (to, template = 'welcome') => JSON.stringify({ to, template });

/** Where a message with this body ended up, in words. */
function whereIs(broker, body) {
  const queue = broker.inspect('emails');
  for (const state of ['ready', 'delayed', 'unacked']) {
    const found = queue[state].find((m) => m.body === body);
    if (found) return `it was still in the "emails" queue (${state}) after 5 minutes, delivered ${found.deliveryCount} times so far`;
  }
  return 'it disappeared: it was acked, so nobody can ever look at it or learn why it failed';
}

export default [
  {
    id: 'signup-answers-at-once',
    name: 'handleSignup answers without waiting for the mail server',
    task: 'enqueue',
    measuresTime: false,
    async run(t) {
      const { clock, broker, mailer } = await setup(t, { sendMs: () => 5_000 });
      const { handleSignup } = await t.import('signup.js');
      let answered = false;
      const answer = Promise.resolve(handleSignup({ broker, mailer }, { email: 'ann@example.com' })).then(() => {
        answered = true;
      });
      await clock.tick(0);
      t.assert.ok(
        answered,
        'handleSignup had not answered yet: it is waiting for the mail server, which takes 5 s here. Publish a job to the "emails" queue and return at once.',
        { expected: 'an answer right away', actual: 'still waiting' },
      );
      await answer;
    },
  },
  {
    id: 'signup-queues-the-email',
    name: 'handleSignup puts one JSON job with the address on the "emails" queue',
    task: 'enqueue',
    measuresTime: false,
    async run(t) {
      const { clock, broker, mailer } = await setup(t);
      const { handleSignup } = await t.import('signup.js');
      const answer = handleSignup({ broker, mailer }, { email: 'ann@example.com' });
      await clock.tick(FIVE_MINUTES); // let an inline send finish, so the check can look at the queue
      await answer;
      const { ready, unacked, acked } = broker.inspect('emails');
      t.assert.equal(ready.length + unacked.length + acked, 1, 'messages published to "emails" for one signup');
      const body = ready[0]?.body;
      let parsed;
      try {
        parsed = JSON.parse(body);
      } catch {
        t.assert.fail(`The message body is not JSON: ${JSON.stringify(body)}. A worker (maybe in another language) must be able to read it: use JSON.stringify.`);
      }
      t.assert.equal(parsed?.to, 'ann@example.com', 'the "to" field of the queued job');
    },
  },
  {
    id: 'each-email-sent-once',
    name: 'Every queued e-mail is sent exactly once, even after the visibility timeout has passed',
    task: 'ack-when-done',
    measuresTime: false,
    async run(t) {
      const { clock, broker, mailer } = await setup(t);
      const { startEmailWorker } = await t.import('worker.js');
      const people = ['ann@example.com', 'bob@example.com', 'chen@example.com'];
      for (const to of people) broker.publish('emails', job(to));
      startEmailWorker({ broker, mailer }, { name: 'worker-1' });
      await clock.tick(FIVE_MINUTES);
      for (const to of people) {
        const copies = mailer.copiesTo(to);
        t.assert.ok(
          copies === 1,
          copies > 1
            ? `${to} got ${copies} welcome e-mails in 5 minutes. A message that is never acked goes back to the queue each time its visibility timeout (30 s) runs out, and is sent again. Call delivery.ack() once the e-mail is sent.`
            : `${to} got no e-mail at all in 5 minutes.`,
          { expected: 1, actual: copies },
        );
      }
      const left = broker.inspect('emails');
      t.assert.equal(left.ready.length + left.unacked.length, 0, 'messages still in the "emails" queue after every e-mail was sent');
    },
  },
  {
    id: 'ack-after-send',
    name: 'The message is acked only after the e-mail was sent, never before',
    task: 'ack-when-done',
    measuresTime: false,
    async run(t) {
      const { clock, broker, mailer } = await setup(t, { sendMs: () => 10_000 });
      const { startEmailWorker } = await t.import('worker.js');
      broker.publish('emails', job('ann@example.com'));
      startEmailWorker({ broker, mailer }, { name: 'worker-1' });
      await clock.tick(5_000);
      const during = broker.inspect('emails');
      t.assert.ok(
        during.acked === 0 && during.unacked.length === 1,
        'At 5 s the e-mail was still being sent (it takes 10 s), yet the message was already acked. Had the worker crashed then, the e-mail would be lost for good: ack after the work, not before.',
        { expected: 'unacked while the e-mail is being sent', actual: during.acked ? 'acked' : `${during.unacked.length} unacked` },
      );
      await clock.tick(6_000);
      const after = broker.inspect('emails');
      t.assert.ok(
        after.acked === 1,
        'The e-mail was sent, but the message was never acked: it is still unacked, and when its visibility timeout runs out it will be delivered (and sent) again. Call delivery.ack() after mailer.send() resolves.',
        { expected: 'acked after the send', actual: `${after.unacked.length} unacked, ${after.acked} acked` },
      );
    },
  },
  {
    id: 'bad-messages-dead-lettered',
    name: 'A malformed message goes to the dead-letter queue on its first delivery, and good mail still flows',
    task: 'reject-poison',
    measuresTime: false,
    async run(t) {
      const { clock, broker, mailer } = await setup(t);
      const { startEmailWorker } = await t.import('worker.js');
      const bad = ['hello from app v1', JSON.stringify({ template: 'welcome' })];
      for (const body of bad) broker.publish('emails', body);
      broker.publish('emails', job('ann@example.com'));
      startEmailWorker({ broker, mailer }, { name: 'worker-1' });
      await clock.tick(FIVE_MINUTES);
      const dead = broker.inspect('emails.dead').ready;
      for (const body of bad) {
        const letter = dead.find((m) => m.body === body);
        if (!letter) t.assert.fail(`The malformed message ${JSON.stringify(body)} is not in "emails.dead": ${whereIs(broker, body)}. Reject it with delivery.nack({ requeue: false, reason }).`);
        const death = letter.headers['x-death'];
        t.assert.ok(
          death.by === 'consumer' && death.deliveries === 1,
          `The malformed message ${JSON.stringify(body)} reached "emails.dead" only after ${death.deliveries} deliveries, when the broker's delivery limit stopped it. Requeueing cannot fix a bad message; reject it on its first delivery with requeue: false.`,
          { expected: 'rejected by the worker on delivery 1', actual: `${death.by === 'consumer' ? 'rejected by the worker' : 'stopped by the delivery limit'} after ${death.deliveries} deliveries` },
        );
      }
      t.assert.equal(mailer.copiesTo('ann@example.com'), 1, 'e-mails sent to ann@example.com, whose job was queued behind the bad ones');
    },
  },
  {
    id: 'slow-email-blocks-no-one',
    name: 'With two workers, short e-mails are not stuck behind a 60-second one',
    task: 'prefetch-one',
    measuresTime: false,
    async run(t) {
      const { clock, broker, mailer } = await setup(t, { sendMs: (to) => (to === 'everyone@example.com' ? 60_000 : 1_000) });
      const { startEmailWorker } = await t.import('worker.js');
      startEmailWorker({ broker, mailer }, { name: 'worker-A' });
      startEmailWorker({ broker, mailer }, { name: 'worker-B' });
      broker.publish('emails', job('everyone@example.com', 'monthly-report'));
      const quick = ['ann@example.com', 'bob@example.com', 'chen@example.com'];
      for (const to of quick) broker.publish('emails', job(to));
      await clock.tick(10_000);
      const waiting = quick.filter((to) => mailer.copiesTo(to) === 0);
      t.assert.ok(
        waiting.length === 0,
        `After 10 s, ${waiting.join(' and ')} still had no e-mail, although each takes 1 s and one worker was free. A worker that prefetches several messages keeps them in its buffer behind the 60 s report. Let each worker hold only the message it works on ({ prefetch: 1 }; Celery: worker_prefetch_multiplier = 1) and ack each one when done.`,
        { expected: 'all three short e-mails sent within 10 s', actual: `${quick.length - waiting.length} of 3 sent` },
      );
    },
  },
];
