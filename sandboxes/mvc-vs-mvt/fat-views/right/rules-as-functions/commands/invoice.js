// The invoice, written another way: fewer lines, the same rules from the model.
import { money } from '../mini/templates.js';

export function invoice({ orderId, user }, models) {
  const order = models.Order.get({ id: orderId });
  const viewer = models.User.get({ name: user });
  if (!order || !models.Order.canBeSeenBy(order, viewer)) throw new Error(`Order ${orderId} cannot be shown to ${user ?? 'nobody'}`);
  const { total, discount } = models.Order.price(order);
  return `Invoice for order ${order.id} (${order.customer}): discount ${money(discount)}\nTotal ${money(total)}`;
}
