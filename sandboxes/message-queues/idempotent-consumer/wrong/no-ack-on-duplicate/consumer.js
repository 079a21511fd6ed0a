/**
 * Charges a card for each message on the "payments" queue. A message body looks like
 * {"paymentId":"pay_1001","orderId":"A-17","amountCents":4999}.
 *
 * gateway.charge({ amountCents, orderId, idempotencyKey }) charges the card and resolves with { chargeId }.
 * storeDir is a folder this consumer may use to remember things; it survives a restart, memory does not.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function startPaymentConsumer({ broker, gateway, storeDir }, { name } = {}) {
  const recordPath = join(storeDir, 'charged.txt');
  return broker.consume(
    'payments',
    async (delivery) => {
      const payment = JSON.parse(delivery.body);
      // Key on the payment, not on the message: a payment published twice arrives as two different messages.
      if (!alreadyCharged(recordPath, payment.paymentId)) {
        // The same key on every attempt lets the gateway spot a repeat even when our record missed it
        // (a crash after the charge, before the line below).
        await gateway.charge({ amountCents: payment.amountCents, orderId: payment.orderId, idempotencyKey: payment.paymentId });
        // Recorded after the charge succeeded (a crash before it must leave the payment to be charged)
        // and before the ack (a crash after the ack cannot bring the message back).
        appendFileSync(recordPath, `${payment.paymentId}\n`);
        delivery.ack(); // only first-time payments are acked; a skipped duplicate is left hanging
      }
    },
    { name, prefetch: 1 },
  );
}

/** The file is the memory: one charged paymentId per line. */
function alreadyCharged(recordPath, paymentId) {
  return existsSync(recordPath) && readFileSync(recordPath, 'utf8').split('\n').includes(paymentId);
}
