/**
 * A pretend payment gateway for the demo. Like Stripe, it honours idempotency keys: a second charge with a
 * key it has seen returns the first charge instead of charging the card again.
 */
export function createGateway({ chargeMs = 400 } = {}) {
  const charges = [];
  const byKey = new Map();
  return {
    charges,
    async charge({ amountCents, orderId, idempotencyKey }) {
      await new Promise((resolve) => setTimeout(resolve, chargeMs));
      if (idempotencyKey !== undefined && byKey.has(idempotencyKey)) {
        console.log(`  gateway: key ${idempotencyKey} seen before — returning the first charge, no new one`);
        return byKey.get(idempotencyKey);
      }
      const charge = { chargeId: `ch_${charges.length + 1}`, orderId, amountCents, idempotencyKey };
      charges.push(charge);
      if (idempotencyKey !== undefined) byKey.set(idempotencyKey, { chargeId: charge.chargeId });
      console.log(`  gateway: charged ${(amountCents / 100).toFixed(2)} for order ${orderId} (${charge.chargeId})`);
      return { chargeId: charge.chargeId };
    },
  };
}
