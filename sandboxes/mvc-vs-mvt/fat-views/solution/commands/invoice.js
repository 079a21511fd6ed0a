// A management command (like Django's manage.py commands): the invoice as text, for the accounts team.
import { money } from '../mini/templates.js';

/** The invoice for order `orderId`, as seen by the user named `user`. Throws when it cannot be shown. */
export function invoice({ orderId, user }, { Order, User }) {
  const order = Order.get({ id: orderId });
  if (!order) throw new Error(`There is no order ${orderId}`);
  if (!Order.canBeSeenBy(order, User.get({ name: user }))) throw new Error(`${user ?? 'Nobody signed in'} may not see order ${orderId}`);
  const price = Order.price(order);
  return [
    `Invoice for order ${order.id} (${order.customer})`,
    ...order.lines.map((line) => `  ${line.item} × ${line.qty}  ${money(line.cents * line.qty)}`),
    `Subtotal ${money(price.subtotal)}`,
    `Discount -${money(price.discount)}`,
    `Shipping ${money(price.shipping)}`,
    `Total ${money(price.total)}`,
  ].join('\n');
}
