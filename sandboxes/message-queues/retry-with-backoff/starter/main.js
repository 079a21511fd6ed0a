/**
 * Run this (the Run button) and watch the Preview: ten text messages go out just as the SMS provider has
 * a 5-second outage. One number is invalid, and one carrier stays unreachable the whole time.
 * The Terminal shows how many requests the provider received in each second.
 */
import { Broker } from './broker.js';
import { startLiveView } from './live-view.js';
import { startWorker } from './worker.js';

const OUTAGE_MS = 5_000;
const WAIT_FOR_RESULTS_MS = 30_000;
const messages = Array.from({ length: 10 }, (_, i) => ({ id: `sms-${i + 1}`, to: `+1555010${i}` }));
messages[3].to = '12345'; // not a phone number
messages[6].to = '+1555999'; // its carrier is unreachable all along

const view = startLiveView({ title: 'Retries with backoff: the SMS queue', onReplay: () => runScenario() });
let broker = null;
runScenario();

async function runScenario() {
  broker?.close();
  broker = new Broker();
  const current = broker;
  view.watch(broker);
  broker.declareQueue('sms', { visibilityTimeoutMs: 30_000, deadLetterQueue: 'sms.dead' });
  const startedAt = Date.now();
  const requests = [];
  const send = async ({ to }) => {
    requests.push(Date.now() - startedAt);
    const fail = (code) => {
      throw Object.assign(new Error(`provider said ${code} for ${to}`), { code });
    };
    if (to === '12345') fail('INVALID_NUMBER');
    if (to === '+1555999') fail('ETIMEDOUT');
    if (Date.now() - startedAt < OUTAGE_MS) fail(requests.length % 2 ? 'ECONNRESET' : 'RATE_LIMITED');
  };
  for (const name of ['worker-A', 'worker-B']) startWorker({ broker, send }, { name });
  view.note(`The provider is down for the first ${OUTAGE_MS / 1000} s`);
  for (const message of messages) broker.publish('sms', JSON.stringify({ ...message, text: 'Your code is 4711' }));

  await new Promise((resolve) => setTimeout(resolve, WAIT_FOR_RESULTS_MS));
  if (current !== broker) return;
  const perSecond = [];
  for (const at of requests) perSecond[Math.floor(at / 1000)] = (perSecond[Math.floor(at / 1000)] ?? 0) + 1;
  view.note(`Requests the provider received, second by second: ${Array.from(perSecond, (n) => n ?? 0).join(' · ')}`, requests.length > 60 ? 'bad' : 'info');
  const { acked, ready, delayed, unacked } = broker.inspect('sms');
  const dead = broker.inspect('sms.dead').ready;
  view.note(`${acked} sent, ${ready.length + delayed.length + unacked.length} still waiting, ${dead.length} dead-lettered`, 'info');
  for (const letter of dead) {
    const death = letter.headers['x-death'];
    view.note(`${JSON.parse(letter.body).id}: ${death.by === 'consumer' ? death.reason : `stopped by the broker's delivery limit after ${death.deliveries} deliveries`}`, death.by === 'consumer' ? 'good' : 'bad');
  }
  view.note('Press Replay in the Preview (or Run again after editing) to see it once more.');
}
