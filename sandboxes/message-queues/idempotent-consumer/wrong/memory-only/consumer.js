/**
 * Charges a card for each message on the "payments" queue. A message body looks like
 * {"paymentId":"pay_1001","orderId":"A-17","amountCents":4999}.
 *
 * gateway.charge({ amountCents, orderId, idempotencyKey }) charges the card and resolves with { chargeId }.
 * storeDir is a folder this consumer may use to remember things; it survives a restart, memory does not.
 */
/** Remembered in memory only: a restart forgets everything. */
const charged = new Set();

export function startPaymentConsumer({ broker, gateway, storeDir }, { name } = {}) {
  return broker.consume(
    'payments',
    async (delivery) => {
      const payment = JSON.parse(delivery.body);
      // Key on the payment, not on the message: a payment published twice arrives as two different messages.
      if (!charged.has(payment.paymentId)) {
        // The same key on every attempt lets the gateway spot a repeat even when our record missed it
        // (a crash after the charge, before the line below).
        await gateway.charge({ amountCents: payment.amountCents, orderId: payment.orderId, idempotencyKey: payment.paymentId });
        // Recorded after the charge succeeded (a crash before it must leave the payment to be charged)
        // and before the ack (a crash after the ack cannot bring the message back).
        charged.add(payment.paymentId);
      }
      // A duplicate is acked too: it has been dealt with.
      delivery.ack();
    },
    { name, prefetch: 1 },
  );
}

