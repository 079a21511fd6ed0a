/**
 * Run this (the Run button) and watch the Preview: a few visitors sign up, two workers send the
 * e-mails, and every message's journey through the broker is drawn live.
 */
import { Broker } from './broker.js';
import { startLiveView } from './live-view.js';
import { createMailer } from './mailer.js';
import { handleSignup } from './signup.js';
import { startEmailWorker } from './worker.js';

const VISIBILITY_TIMEOUT_MS = 4_000; // short, so you can watch it happen
const visitors = ['ann', 'bob', 'chen', 'dara'].map((name) => ({ email: `${name}@example.com` }));

const view = startLiveView({ title: 'Explicit acks: the e-mail queue', onReplay: () => runScenario() });
let broker = null;
runScenario();

async function runScenario() {
  broker?.close();
  broker = new Broker();
  const current = broker;
  view.watch(broker);
  broker.declareQueue('emails', { visibilityTimeoutMs: VISIBILITY_TIMEOUT_MS, deadLetterQueue: 'emails.dead' });
  // The monthly report goes to a huge list: that one e-mail takes 9 s to send.
  const mailer = createMailer({ sendMs: (to) => (to === 'everyone@example.com' ? 9_000 : 700) });
  for (const name of ['worker-A', 'worker-B']) startEmailWorker({ broker, mailer }, { name });

  view.note('Jobs left from last night: a slow monthly report, a digest, and a message from an old app version');
  broker.publish('emails', JSON.stringify({ to: 'everyone@example.com', template: 'monthly-report' }));
  broker.publish('emails', JSON.stringify({ to: 'eve@example.com', template: 'digest' }));
  broker.publish('emails', 'hello from app v1');

  for (const visitor of visitors) {
    const started = Date.now();
    const response = await handleSignup({ broker, mailer }, visitor);
    const ms = Date.now() - started;
    view.note(`${visitor.email} signed up: answered ${response?.status} in ${ms} ms`, ms > 100 ? 'bad' : 'good');
  }

  await new Promise((resolve) => setTimeout(resolve, 14_000));
  if (current !== broker) return; // replayed meanwhile
  const copies = new Map();
  for (const mail of mailer.sent) copies.set(`${mail.to} (${mail.template})`, (copies.get(`${mail.to} (${mail.template})`) ?? 0) + 1);
  for (const [who, count] of copies) {
    if (count > 1) view.note(`${who} received ${count} copies`, 'bad');
  }
  const emails = broker.inspect('emails');
  const dead = broker.inspect('emails.dead');
  view.note(
    `After 14 s: ${mailer.sent.length} e-mails sent, ${emails.acked} acked, ${emails.unacked.length} still unacked, ${dead.ready.length} dead-lettered`,
    emails.unacked.length === 0 && emails.ready.length === 0 ? 'good' : 'bad',
  );
  view.note('Press Replay in the Preview (or Run again after editing) to see it once more.');
}
