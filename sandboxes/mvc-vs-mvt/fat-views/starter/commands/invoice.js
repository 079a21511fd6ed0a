// A management command (like Django's manage.py commands): the invoice as text, for the accounts team.
import { money } from '../mini/templates.js';

/** The invoice for order `orderId`, as seen by the user named `user`. Throws when it cannot be shown. */
export function invoice({ orderId, user }, { Order }) {
  const order = Order.get({ id: orderId });
  if (!order) throw new Error(`There is no order ${orderId}`);
  const total = order.lines.reduce((sum, line) => sum + line.cents * line.qty, 0);
  return [
    `Invoice for order ${order.id} (${order.customer})`,
    ...order.lines.map((line) => `  ${line.item} × ${line.qty}  ${money(line.cents * line.qty)}`),
    `Total ${money(total)}`,
  ].join('\n');
}
