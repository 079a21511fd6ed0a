// Checks for the payment consumer. Time is a fake clock; a "restart" imports consumer.js afresh, as a new
// process would, so only what the consumer wrote to storeDir carries over.
import fs, { mkdtempSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  return { clock, broker, gateway, storeDir, start, publish };
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

/** fs functions a consumer may use to look for a record; each call that finds nothing can let the rival in. */
const LOOKS = ['existsSync', 'statSync', 'lstatSync', 'accessSync', 'readFileSync', 'readdirSync'];

/**
 * Two consumers in one process share one thread, so a look-then-write with nothing awaited in between can never
 * be cut into by chance here — yet consumers in two processes cut into it any time. While this is in place, the
 * first time a handler looks under storeDir (existsSync, statSync, readFileSync, readdirSync…) and finds nothing,
 * the other consumer's handler starts on the copy the broker already gave it, before the look returns. An atomic
 * claim (flag 'wx') never looks first, so for it nothing changes. Call before starting the consumers.
 * Returns `race()`: undefined until it happened, then { first, rival, look } (consumer names and the fs call).
 */
function raceAtFirstLook(broker, storeDir) {
  const handlers = new Map(); // consumer name → its handler
  const given = new Map(); // consumer name → the delivery the broker handed it, not yet started
  const started = new Map(); // delivery → the promise of the handler run the race started early
  let inside = null; // the consumer whose handler is running its synchronous part right now
  let race;
  const consume = broker.consume.bind(broker);
  broker.consume = (queue, handler, options) => {
    const name = options?.name;
    handlers.set(name, handler);
    const consumer = consume(queue, (delivery) => {
      given.delete(name);
      if (started.has(delivery)) return started.get(delivery);
      inside = name;
      try {
        return handler(delivery);
      } finally {
        inside = null;
      }
    }, options);
    const receive = consumer.receive.bind(consumer);
    consumer.receive = (entry) => {
      given.set(name, entry.delivery);
      receive(entry);
    };
    return consumer;
  };
  const underStore = (path) => {
    const text = path instanceof URL ? fileURLToPath(path) : String(path);
    const full = resolve(text);
    return full === resolve(storeDir) || full.startsWith(resolve(storeDir) + sep);
  };
  const letRivalIn = (look) => {
    if (race || !inside) return;
    const rival = [...given.keys()].find((name) => name !== inside);
    if (!rival) return;
    const delivery = given.get(rival);
    given.delete(rival);
    race = { first: inside, rival, look };
    let run;
    try {
      run = Promise.resolve(handlers.get(rival)(delivery));
    } catch (error) {
      run = Promise.reject(error);
    }
    started.set(delivery, run);
  };
  const originals = Object.fromEntries(LOOKS.map((name) => [name, fs[name]]));
  const replace = (name, fn) => {
    try {
      fs[name] = fn;
    } catch {
      // A runtime whose builtins are read-only gets no race: the check still runs, as two plain consumers.
    }
  };
  for (const name of LOOKS) {
    replace(name, function look(path, ...rest) {
      if (!underStore(path)) return originals[name].call(this, path, ...rest);
      let result;
      try {
        result = originals[name].call(this, path, ...rest);
      } catch (error) {
        if (error?.code === 'ENOENT') letRivalIn(name);
        throw error;
      }
      // existsSync answers false, statSync({ throwIfNoEntry: false }) undefined; a directory listing counts as a look.
      const foundNothing = name === 'readdirSync' || result === false || (result === undefined && name.endsWith('statSync'));
      if (foundNothing) letRivalIn(name);
      return result;
    });
  }
  // Named imports of node:fs (import { existsSync } from 'node:fs') follow the object only after this call.
  nodeModule.syncBuiltinESMExports?.();
  const restore = () => {
    broker.consume = consume;
    for (const name of LOOKS) replace(name, originals[name]);
    nodeModule.syncBuiltinESMExports?.();
  };
  return { race: () => race, restore };
}

const keysUsed = (gateway) => [...new Set(gateway.requests.map((r) => String(r.idempotencyKey)))].join(', ');

export default [
  {
    id: 'duplicate-publish-charged-once',
    name: 'A payment published twice charges the card once',
    task: 'skip-duplicates',
    measuresTime: false,
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
    measuresTime: false,
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
    measuresTime: false,
    async run(t) {
      const { clock, broker, gateway, storeDir, start, publish } = await setup(t);
      const { race, restore } = raceAtFirstLook(broker, storeDir);
      try {
        await start('consumer-1');
        await start('consumer-2');
        publish();
        publish(); // the broker hands one copy to each consumer, at once
        const { unacked } = broker.inspect('payments');
        t.log(`pay_1001 is being handled by ${unacked.map((m) => m.consumer).join(' and ')}`);
        await clock.tick(TWO_MINUTES);
      } finally {
        restore();
      }
      const raced = race();
      if (raced) t.log(`${raced.rival} started on its copy while ${raced.first} was inside ${raced.look}() and had found no record`);
      t.assert.ok(
        gateway.charges.length === 1,
        raced
          ? `${raced.first} looked for pay_1001's record with ${raced.look}() and found none; in that instant ${raced.rival} took its own copy, also found none, and the card was charged ${gateway.charges.length} times. Here nothing was awaited between the look and the write, so in one process nobody could cut in by chance — but consumers in two processes can, any time. Make taking the payment one atomic step: create its record with writeFileSync(path, data, { flag: 'wx' }) — it fails with EEXIST when the record exists — and charge only if you created it.`
          : `consumer-1 and consumer-2 each received a copy of pay_1001 at the same moment, both saw no record of it yet, and the card was charged ${gateway.charges.length} times. Looking first and recording after leaves a gap for exactly this. Make taking the payment one atomic step: create its record with writeFileSync(path, data, { flag: 'wx' }) — it fails with EEXIST when the record exists — and charge only if you created it.`,
        { expected: 1, actual: gateway.charges.length },
      );
      assertAllAcked(t, broker);
    },
  },
  {
    id: 'restart-charged-once',
    name: 'After a crash and restart, a redelivered payment is still charged once',
    task: 'survive-restart',
    measuresTime: false,
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
    measuresTime: false,
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
          : `pay_1001 was charged ${gateway.charges.length} times, with idempotency keys ${keysUsed(gateway)}. consumer-1 died before the gateway charged, so exactly one charge was due: finish the pending claim with the key the first attempt used (the paymentId), and skip the redelivered copy that the claim already covers.`,
        { expected: 1, actual: gateway.charges.length },
      );
      assertAllAcked(t, broker);
    },
  },
  {
    id: 'crash-after-ack-still-charges',
    name: 'A consumer that dies right after its ack leaves nothing uncharged',
    task: 'survive-restart',
    measuresTime: false,
    async run(t) {
      const { clock, broker, gateway, start, publish } = await setup(t, { honoursKeys: true });
      const restore = interceptFirstAck(broker, (delivery) => {
        delivery.ack(); // the ack reaches the broker…
        first.crash();
        throw new Error('consumer-1 died right after its ack'); // …and nothing after it in the handler runs
      });
      const first = await start('consumer-1');
      restore();
      publish();
      await clock.tick(1_000);
      await start('consumer-2');
      await clock.tick(TWO_MINUTES);
      t.assert.ok(
        gateway.charges.length === 1,
        gateway.charges.length === 0
          ? 'pay_1001 was never charged: consumer-1 acked the message before anything in storeDir said the payment was taken, then died. The broker has forgotten the message and there is no claim to finish, so nobody ever will. Ack only once the claim is written — in the lesson\'s order: claim, charge, mark done, ack.'
          : `pay_1001 was charged ${gateway.charges.length} times, with idempotency keys ${keysUsed(gateway)}.`,
        { expected: 1, actual: gateway.charges.length },
      );
      assertAllAcked(t, broker);
    },
  },
  {
    id: 'crash-after-charge-charged-once',
    name: 'A consumer that dies right after the charge, before recording it, does not cause a second charge',
    task: 'idempotency-key',
    measuresTime: false,
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
    measuresTime: false,
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
