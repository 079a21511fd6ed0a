/**
 * Charges a card for each message on the "payments" queue. A message body looks like
 * {"paymentId":"pay_1001","orderId":"A-17","amountCents":4999}.
 *
 * gateway.charge({ amountCents, orderId, idempotencyKey }) charges the card and resolves with { chargeId }.
 * storeDir is a folder this consumer may use to remember things; it survives a restart, memory does not.
 */
export function startPaymentConsumer({ broker, gateway, storeDir }, { name } = {}) {
  return broker.consume(
    'payments',
    async (delivery) => {
      const payment = JSON.parse(delivery.body);
      await gateway.charge({ amountCents: payment.amountCents, orderId: payment.orderId });
      delivery.ack();
    },
    { name, prefetch: 1 },
  );
}
