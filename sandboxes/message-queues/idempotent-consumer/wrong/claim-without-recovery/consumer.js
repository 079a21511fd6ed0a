/**
 * Charges a card for each message on the "payments" queue. A message body looks like
 * {"paymentId":"pay_1001","orderId":"A-17","amountCents":4999}.
 *
 * gateway.charge({ amountCents, orderId, idempotencyKey }) charges the card and resolves with { chargeId }.
 * storeDir is a folder this consumer may use to remember things; it survives a restart, memory does not.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function startPaymentConsumer({ broker, gateway, storeDir }, { name } = {}) {
  return broker.consume(
    'payments',
    async (delivery) => {
      const payment = JSON.parse(delivery.body);
      // Only the consumer whose claim created the record charges. Everyone else — a second copy of the
      // payment, a redelivery, another consumer holding the same payment right now — just acks.
      if (claim(storeDir, payment)) await chargeAndMarkDone(gateway, storeDir, payment);
      // A claim left pending by a consumer that died stays pending: nobody ever charges it.
      delivery.ack();
    },
    { name, prefetch: 1 },
  );
}

/** One file per payment, like one row per payment in a table with a unique paymentId. */
const recordPath = (storeDir, paymentId) => join(storeDir, `${encodeURIComponent(paymentId)}.json`);

/**
 * Creates the payment's record, marked pending, unless it exists: true if this call created it. The flag 'wx'
 * (openSync(path, 'wx') underneath) makes "check and create" one step the file system does atomically — the
 * unique insert of a database. A separate existsSync, then write, leaves a gap where two consumers both see
 * "not there yet" and both charge.
 */
function claim(storeDir, payment) {
  try {
    writeFileSync(recordPath(storeDir, payment.paymentId), JSON.stringify({ status: 'pending', payment }), { flag: 'wx' });
    return true;
  } catch (error) {
    if (error.code === 'EEXIST') return false;
    throw error;
  }
}

async function chargeAndMarkDone(gateway, storeDir, payment) {
  // The key comes from the payment, so every attempt at this payment, by any consumer, sends the same one.
  const { chargeId } = await gateway.charge({ amountCents: payment.amountCents, orderId: payment.orderId, idempotencyKey: payment.paymentId });
  writeFileSync(recordPath(storeDir, payment.paymentId), JSON.stringify({ status: 'done', payment, chargeId }));
}
