/**
 * Charges a card for each message on the "payments" queue. A message body looks like
 * {"paymentId":"pay_1001","orderId":"A-17","amountCents":4999}.
 *
 * gateway.charge({ amountCents, orderId, idempotencyKey }) charges the card and resolves with { chargeId }.
 * storeDir is a folder this consumer may use to remember things; it survives a restart, memory does not.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function startPaymentConsumer({ broker, gateway, storeDir }, { name } = {}) {
  // A restart: a consumer that died between its claim and "done" left the claim pending. Nobody knows whether
  // the card was charged, so charge again with the same key: the gateway returns the first charge if there was one.
  finishPendingClaims(gateway, storeDir).catch((error) => console.error(`${name}: could not finish pending claims: ${error.message}`));
  return broker.consume(
    'payments',
    async (delivery) => {
      const payment = JSON.parse(delivery.body);
      // Only the consumer whose claim created the record charges. Everyone else — a second copy of the
      // payment, a redelivery, another consumer holding the same payment right now — just acks.
      if (claim(storeDir, payment)) await chargeAndMarkDone(gateway, storeDir, payment);
      delivery.ack();
    },
    { name, prefetch: 1 },
  );
}

/** One file per payment, like one row per payment in a table with a unique paymentId. */
const recordPath = (storeDir, paymentId) => join(storeDir, `${encodeURIComponent(paymentId)}.json`);

/**
 * Looks for the payment's record, then creates it, marked pending. Nothing awaits in between, so in this one
 * process nobody can cut in — but a consumer in another process can look at the same moment, and both create it.
 */
function claim(storeDir, payment) {
  const path = recordPath(storeDir, payment.paymentId);
  if (existsSync(path)) return false;
  writeFileSync(path, JSON.stringify({ status: 'pending', payment }));
  return true;
}

async function chargeAndMarkDone(gateway, storeDir, payment) {
  // The key comes from the payment, so every attempt at this payment, by any consumer, sends the same one.
  const { chargeId } = await gateway.charge({ amountCents: payment.amountCents, orderId: payment.orderId, idempotencyKey: payment.paymentId });
  writeFileSync(recordPath(storeDir, payment.paymentId), JSON.stringify({ status: 'done', payment, chargeId }));
}

async function finishPendingClaims(gateway, storeDir) {
  for (const file of readdirSync(storeDir)) {
    const record = JSON.parse(readFileSync(join(storeDir, file), 'utf8'));
    if (record.status === 'pending') await chargeAndMarkDone(gateway, storeDir, record.payment);
  }
}
