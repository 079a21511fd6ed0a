// Checks for the payment consumer. Time is a fake clock; a "restart" imports consumer.js afresh, as a new
// process would, so only what the consumer wrote to storeDir carries over.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';

const TWO_MINUTES = 2 * 60_000;
const PAYMENT = { paymentId: 'pay_1001', orderId: 'A-17', amountCents: 4999 };

/**
 * `honoursKeys`: whether the gateway honours idempotency keys (Stripe's does; many older ones do not).
 * `crash`: 'before-charge' or 'after-charge' makes the first consumer die at that point of its first charge.
 */
async function setup(t, { honoursKeys = false, crash } = {}) {
  const clock = t.useFakeClock(0);
  const { Broker } = await t.import('broker.js');
  const broker = new Broker();
  broker.declareQueue('payments', { visibilityTimeoutMs: 30_000, deadLetterQueue: 'payments.dead' });
  const storeDir = mkdtempSync(join(t.dir, 'check-store-'));
  const consumers = [];
  const gateway = fakeGateway({ honoursKeys, crash, crashFirstConsumer: () => consumers[0].crash() });
  const start = async (name) => {
    const { startPaymentConsumer } = await t.import('consumer.js'); // a fresh module: a restarted process
    const consumer = startPaymentConsumer({ broker, gateway, storeDir }, { name });
    t.assert.ok(typeof consumer?.crash === 'function', 'startPaymentConsumer should return the consumer that broker.consume returns.');
    consumers.push(consumer);
    return consumer;
  };
  const publish = (payment = PAYMENT) => broker.publish('payments', JSON.stringify(payment));
  return { clock, broker, gateway, start, publish };
}

function fakeGateway({ honoursKeys, crash, crashFirstConsumer }) {
  const charges = [];
  const requests = [];
  const byKey = new Map();
  let crashed = false;
  const dieHere = (point) => {
    if (crash !== point || crashed) return false;
    crashed = true;
    crashFirstConsumer();
    return true;
  };
  return {
    charges,
    requests,
    async charge({ amountCents, orderId, idempotencyKey }) {
      requests.push({ orderId, idempotencyKey });
      if (dieHere('before-charge')) return new Promise(() => {});
      await new Promise((resolve) => setTimeout(resolve, 300));
      if (honoursKeys && idempotencyKey !== undefined && byKey.has(idempotencyKey)) return byKey.get(idempotencyKey);
      const charge = { chargeId: `ch_${charges.length + 1}`, orderId, amountCents, idempotencyKey };
      charges.push(charge);
      byKey.set(idempotencyKey, { chargeId: charge.chargeId });
      if (dieHere('after-charge')) return new Promise(() => {}); // charged, but the consumer never hears back
      return { chargeId: charge.chargeId };
    },
  };
}

/** Makes the first delivery's ack fail the way `onFirstAck` says, for consumers started while this is in place. */
function interceptFirstAck(broker, onFirstAck) {
  const consume = broker.consume.bind(broker);
  let intercepted = false;
  broker.consume = (queue, handler, options) =>
    consume(queue, (delivery) => {
      if (intercepted) return handler(delivery);
      intercepted = true;
      return handler({ ...delivery, ack: () => onFirstAck(delivery) });
    }, options);
  return () => {
    broker.consume = consume;
  };
}

function assertAllAcked(t, broker) {
  const { ready, unacked, delayed } = broker.inspect('payments');
  t.assert.ok(
    ready.length + unacked.length + delayed.length === 0,
    'A duplicate was skipped but never acked, so the broker keeps delivering it. A duplicate has been dealt with: ack it.',
    { expected: 'no messages left in "payments"', actual: `${ready.length} ready, ${unacked.length} unacked, ${delayed.length} delayed` },
  );
}

const keysUsed = (gateway) => [...new Set(gateway.requests.map((r) => String(r.idempotencyKey)))].join(', ');

export default [
  {
    id: 'duplicate-publish-charged-once',
    name: 'A payment published twice charges the card once',
    task: 'skip-duplicates',
    async run(t) {
      const { clock, broker, gateway, start, publish } = await setup(t);
      await start('consumer-1');
      publish();
      publish(); // the checkout page timed out and sent the payment again
      await clock.tick(TWO_MINUTES);
      t.assert.ok(
        gateway.charges.length === 1,
        `pay_1001 arrived in two messages (the checkout page retried its request) and the card was charged ${gateway.charges.length} times. Record each paymentId you take on, and skip a payment that is recorded already. (This gateway ignores idempotency keys, as many do: your consumer has to remember.)`,
        { expected: 1, actual: gateway.charges.length },
      );
      assertAllAcked(t, broker);
    },
  },
  {
    id: 'redelivery-charged-once',
    name: 'A payment redelivered after a lost ack charges the card once',
    task: 'skip-duplicates',
    async run(t) {
      const { clock, broker, gateway, start, publish } = await setup(t);
      interceptFirstAck(broker, () => false); // the ack is lost on the network
      await start('consumer-1');
      publish();
      await clock.tick(TWO_MINUTES);
      t.assert.ok(
        gateway.charges.length === 1,
        `The first ack was lost on its way to the broker, so pay_1001 came back after its visibility timeout — and the card was charged ${gateway.charges.length} times. Delivery is at-least-once: skip a payment your record already has.`,
        { expected: 1, actual: gateway.charges.length },
      );
      assertAllAcked(t, broker);
    },
  },
  {
    id: 'concurrent-duplicates-charged-once',
    name: 'Two consumers that receive the same payment at the same moment charge the card once',
    task: 'skip-duplicates',
    async run(t) {
      const { clock, broker, gateway, start, publish } = await setup(t);
      await start('consumer-1');
      await start('consumer-2');
      publish();
      publish(); // the broker hands one copy to each consumer, at once
      const { unacked } = broker.inspect('payments');
      t.log(`pay_1001 is being handled by ${unacked.map((m) => m.consumer).join(' and ')}`);
      await clock.tick(TWO_MINUTES);
      t.assert.ok(
        gateway.charges.length === 1,
        `consumer-1 and consumer-2 each received a copy of pay_1001 at the same moment, both saw no record of it yet, and the card was charged ${gateway.charges.length} times. Looking first and recording after leaves a gap for exactly this. Make taking the payment one atomic step: create its record with writeFileSync(path, data, { flag: 'wx' }) — it fails with EEXIST when the record exists — and charge only if you created it.`,
        { expected: 1, actual: gateway.charges.length },
      );
      assertAllAcked(t, broker);
    },
  },
  {
    id: 'restart-charged-once',
    name: 'After a crash and restart, a redelivered payment is still charged once',
    task: 'survive-restart',
    async run(t) {
      const { clock, broker, gateway, start, publish } = await setup(t);
      const restore = interceptFirstAck(broker, () => {
        first.crash(); // dies just before its ack reaches the broker
        return false;
      });
      const first = await start('consumer-1');
      restore();
      publish();
      await clock.tick(1_000);
      await start('consumer-2');
      await clock.tick(TWO_MINUTES);
      t.assert.ok(
        gateway.charges.length === 1,
        `consumer-1 charged pay_1001 and died just before its ack reached the broker. The restarted consumer got the message again and charged the card ${gateway.charges.length} times: whatever consumer-1 remembered died with it. Keep the record in files under storeDir (e.g. one file per paymentId).`,
        { expected: 1, actual: gateway.charges.length },
      );
      assertAllAcked(t, broker);
    },
  },
  {
    id: 'crash-before-charge-still-charges',
    name: 'A payment whose consumer crashed before the charge is charged after the restart',
    task: 'survive-restart',
    async run(t) {
      // The restarted consumer cannot know whether the first attempt charged: a gateway that honours keys lets it retry.
      const { clock, broker, gateway, start, publish } = await setup(t, { honoursKeys: true, crash: 'before-charge' });
      await start('consumer-1');
      publish();
      await clock.tick(1_000);
      await start('consumer-2');
      await clock.tick(TWO_MINUTES);
      t.assert.ok(
        gateway.charges.length === 1,
        gateway.charges.length === 0
          ? 'pay_1001 was never charged: consumer-1 died before the gateway charged the card, and consumer-2 took the payment as dealt with. Record a claim as pending until the charge succeeded, and have a consumer that starts finish the pending claims it finds: charge them again, with the same idempotency key.'
          : `pay_1001 was charged ${gateway.charges.length} times.`,
        { expected: 1, actual: gateway.charges.length },
      );
      assertAllAcked(t, broker);
    },
  },
  {
    id: 'crash-after-charge-charged-once',
    name: 'A consumer that dies right after the charge, before recording it, does not cause a second charge',
    task: 'idempotency-key',
    async run(t) {
      const { clock, broker, gateway, start, publish } = await setup(t, { honoursKeys: true, crash: 'after-charge' });
      await start('consumer-1');
      publish();
      await clock.tick(1_000);
      await start('consumer-2');
      await clock.tick(TWO_MINUTES);
      t.assert.ok(
        gateway.charges.length === 1,
        gateway.requests.every((r) => r.idempotencyKey === undefined)
          ? 'consumer-1 died after the gateway charged the card but before it could mark the payment done, so consumer-2 charged again. No record of yours can close that gap; the gateway can: pass idempotencyKey (the paymentId) and it returns the first charge instead of making a new one.'
          : `The card was charged ${gateway.charges.length} times: the attempts sent different idempotency keys (${keysUsed(gateway)}). The key must come from the payment, so every attempt sends the same one.`,
        { expected: 1, actual: gateway.charges.length },
      );
      assertAllAcked(t, broker);
    },
  },
  {
    id: 'duplicate-after-crash-charged-once',
    name: 'A payment published twice, with a crash after the first charge, is charged once',
    task: 'idempotency-key',
    async run(t) {
      const { clock, broker, gateway, start, publish } = await setup(t, { honoursKeys: true, crash: 'after-charge' });
      await start('consumer-1');
      publish();
      publish();
      await clock.tick(1_000);
      await start('consumer-2');
      await clock.tick(TWO_MINUTES);
      t.assert.ok(
        gateway.charges.length === 1,
        `pay_1001 arrived in two messages, and the consumer died after the first charge; the card was charged ${gateway.charges.length} times with idempotency keys ${keysUsed(gateway)}. Two messages, one payment: derive the key from the paymentId, not from the message.`,
        { expected: 1, actual: gateway.charges.length },
      );
      assertAllAcked(t, broker);
    },
  },
];
