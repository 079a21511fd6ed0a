// Checks for the SMS worker's retries. Time is a fake clock: ten minutes of retries pass in milliseconds.

const TEN_MINUTES = 10 * 60_000;
const EXPECTED_DELAYS = [1_000, 2_000, 4_000, 8_000, 10_000];
const NEARLY_ONE = 0.9999999;

async function setup(t, outcome) {
  const clock = t.useFakeClock(0);
  const { Broker } = await t.import('broker.js');
  const worker = await t.import('worker.js');
  const broker = new Broker();
  broker.declareQueue('sms', { visibilityTimeoutMs: 30_000, deadLetterQueue: 'sms.dead' });
  const provider = fakeProvider(outcome);
  worker.startWorker({ broker, send: provider.send }, { name: 'worker-1' });
  const publish = (id) => broker.publish('sms', JSON.stringify({ id, to: '+15550100', text: 'Your code is 4711' }));
  return { clock, broker, provider, worker, publish };
}

/** Stands in for the SMS provider. `outcome(id, attempt)` returns an error code to fail with, or null to succeed. */
function fakeProvider(outcome) {
  const attempts = [];
  return {
    attemptsOf: (id) => attempts.filter((a) => a.id === id).map((a) => a.at),
    async send({ id }) {
      const attempt = attempts.filter((a) => a.id === id).length + 1;
      attempts.push({ id, at: Date.now() });
      const code = outcome(id, attempt);
      if (code) throw Object.assign(new Error(`provider said ${code}`), { code });
    },
  };
}

const gapsBetween = (times) => times.slice(1).map((at, i) => at - times[i]);
const human = (ms) => (ms >= 86_400_000 ? `about ${Math.round(ms / 86_400_000)} days` : `${Math.round(ms)} ms`);

function deadLetter(broker, id) {
  return broker.inspect('sms.dead').ready.find((m) => JSON.parse(m.body).id === id);
}

export default [
  {
    id: 'delays-double-from-one-second',
    name: 'Retries wait 1 s, 2 s, 4 s, 8 s, then 10 s (the cap)',
    task: 'backoff',
    measuresTime: false,
    async run(t) {
      Math.random = () => NEARLY_ONE; // with jitter, the top of each range
      const { clock, provider, publish } = await setup(t, () => 'ECONNRESET');
      publish('sms-1');
      await clock.tick(TEN_MINUTES);
      const gaps = gapsBetween(provider.attemptsOf('sms-1'));
      t.assert.ok(gaps.length > 0, 'The failed message was never tried again.');
      EXPECTED_DELAYS.slice(0, gaps.length).forEach((expected, i) => {
        t.assert.ok(
          Math.abs(gaps[i] - expected) <= expected * 0.02,
          gaps[i] < 50
            ? `Retry ${i + 1} reached the provider ${gaps[i]} ms after the failure. Retrying at once hammers a provider that is already struggling: nack with { requeue: true, delayMs: backoffDelay(retries) }.`
            : `Retry ${i + 1} came ${human(gaps[i])} after the previous attempt; with random() close to 1 it should be close to ${expected} ms (1 s doubling each time, at most 10 s).`,
          { expected: `${expected} ms`, actual: `${gaps[i]} ms` },
        );
      });
    },
  },
  {
    id: 'delay-is-capped',
    name: 'backoffDelay never exceeds 10 seconds, however many retries came before',
    task: 'backoff',
    measuresTime: false,
    async run(t) {
      const { backoffDelay } = await t.import('worker.js');
      for (const retries of [5, 10, 20, 40, 100]) {
        const delay = backoffDelay(retries, () => NEARLY_ONE);
        t.assert.ok(
          Number.isFinite(delay) && delay >= 9_000 && delay <= 10_000,
          delay > 10_000 || !Number.isFinite(delay)
            ? `backoffDelay(${retries}) returned ${human(delay)}. Without a cap, exponential backoff soon waits longer than anyone cares: use Math.min(BACKOFF_MAX_MS, …).`
            : `backoffDelay(${retries}) returned ${human(delay)}; with random() close to 1 it should be close to the 10 000 ms cap.`,
          { expected: 'between 9 000 and 10 000 ms', actual: human(delay) },
        );
      }
    },
  },
  {
    id: 'retries-are-spread-out',
    name: 'Twenty messages that failed together do not all retry at the same moment',
    task: 'jitter',
    measuresTime: false,
    async run(t) {
      const { backoffDelay } = await t.import('worker.js');
      const spread = new Set([0.1, 0.35, 0.6, 0.85].map((r) => backoffDelay(3, () => r)));
      t.assert.ok(
        spread.size >= 3,
        `backoffDelay(3, random) gave ${[...spread].join(', ')} ms for four different random values. Without jitter, clients that failed together retry together — a thundering herd. Use random() to pick a delay between 0 and 8 000 ms ("full jitter").`,
      );
      t.random(42, { install: true });
      const { clock, provider, publish } = await setup(t, (id, attempt) => (attempt === 1 ? 'RATE_LIMITED' : null));
      const ids = Array.from({ length: 20 }, (_, i) => `sms-${i + 1}`);
      for (const id of ids) publish(id);
      await clock.tick(60_000);
      const retriedAt = ids.map((id) => provider.attemptsOf(id)[1]).filter((at) => at !== undefined);
      t.assert.equal(retriedAt.length, ids.length, 'messages retried after the provider said RATE_LIMITED');
      const late = retriedAt.filter((at) => at > 1_000);
      t.assert.ok(late.length === 0, `A first retry came ${Math.max(...late)} ms after the failure: with full jitter it is somewhere between 0 and 1 000 ms.`);
      const moments = new Set(retriedAt);
      t.assert.ok(
        moments.size >= 10,
        `All 20 retries reached the provider at only ${moments.size} moment(s) (${[...moments].slice(0, 3).join(', ')} ms…). Clients that failed together and wait the same time fail together again — a thundering herd. Multiply the delay by random() ("full jitter").`,
        { expected: 'at least 10 different retry times', actual: `${moments.size}` },
      );
    },
  },
  {
    id: 'gives-up-after-max-retries',
    name: 'After 5 retries the message goes to the dead-letter queue with the last error',
    task: 'dead-letter',
    measuresTime: false,
    async run(t) {
      const { clock, broker, provider, publish } = await setup(t, () => 'ECONNRESET');
      publish('sms-1');
      await clock.tick(TEN_MINUTES);
      const attempts = provider.attemptsOf('sms-1').length;
      const letter = deadLetter(broker, 'sms-1');
      t.assert.ok(
        attempts === 6,
        letter?.headers['x-death'].by === 'delivery-limit'
          ? `The provider was called ${attempts} times: your worker never gave up, and only the broker's delivery limit stopped it. After MAX_RETRIES (5) retries, reject the message with delivery.nack({ requeue: false, reason }).`
          : `The provider was called ${attempts} times; expected 6 (the first attempt and 5 retries).`,
        { expected: 6, actual: attempts },
      );
      t.assert.ok(
        letter !== undefined && letter.headers['x-death'].by === 'consumer',
        'After the last retry the message is not in "sms.dead": it was acked or dropped, so the text was never sent and nobody can tell. Reject it with delivery.nack({ requeue: false, reason }).',
      );
      t.assert.match(letter.headers['x-death'].reason, /ECONNRESET/, 'the reason stored with the dead letter (include the last error message)');
    },
  },
  {
    id: 'permanent-error-not-retried',
    name: 'An error that retrying cannot fix goes to the dead-letter queue at once',
    task: 'dead-letter',
    measuresTime: false,
    async run(t) {
      const { clock, broker, provider, publish } = await setup(t, () => 'INVALID_NUMBER');
      publish('sms-2');
      await clock.tick(TEN_MINUTES);
      const attempts = provider.attemptsOf('sms-2').length;
      t.assert.ok(
        attempts === 1,
        `The provider said INVALID_NUMBER and was asked again ${attempts - 1} more time(s). Only codes in RETRYABLE_CODES can succeed later (Celery: autoretry_for); dead-letter the others on the first failure.`,
        { expected: 1, actual: attempts },
      );
      t.assert.ok(deadLetter(broker, 'sms-2') !== undefined, 'The INVALID_NUMBER message is not in "sms.dead".');
    },
  },
  {
    id: 'success-after-retries-is-acked',
    name: 'A message that succeeds on its third attempt is acked, not dead-lettered',
    task: 'dead-letter',
    measuresTime: false,
    async run(t) {
      const { clock, broker, provider, publish } = await setup(t, (id, attempt) => (attempt <= 2 ? 'ETIMEDOUT' : null));
      publish('sms-3');
      await clock.tick(TEN_MINUTES);
      t.assert.equal(provider.attemptsOf('sms-3').length, 3, 'attempts for a message that fails twice, then succeeds');
      t.assert.equal(broker.inspect('sms').acked, 1, 'messages acked');
      t.assert.equal(broker.inspect('sms.dead').ready.length, 0, 'messages in "sms.dead"');
    },
  },
];
