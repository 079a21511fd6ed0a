// A management command: checks permission through the model, but adds the total up itself.
import { money } from '../mini/templates.js';

export function invoice({ orderId, user }, { Order, User }) {
  const order = Order.get({ id: orderId });
  if (!order) throw new Error(`There is no order ${orderId}`);
  if (!Order.canBeSeenBy(order, User.get({ name: user }))) throw new Error(`${user ?? 'Nobody signed in'} may not see order ${orderId}`);
  const total = order.lines.reduce((sum, line) => sum + line.cents * line.qty, 0);
  return [
    `Invoice for order ${order.id} (${order.customer})`,
    ...order.lines.map((line) => `  ${line.item} × ${line.qty}  ${money(line.cents * line.qty)}`),
    `Total ${money(total)}`,
  ].join('\n');
}
