// views.py: the page asks the model; the API kept its own copy of the pricing rules "because it already worked".
import { forbidden, json, notFound, render } from './mini/app.js';

export function orderPage(request, { id }) {
  const { Order, User } = request.models;
  const order = Order.get({ id });
  if (!order) return notFound(`There is no order ${id}`);
  if (!Order.canBeSeenBy(order, User.get({ name: request.user }))) return forbidden('You may not see this order.');
  return render('order.html', { order, price: Order.price(order) });
}

export function orderApi(request, { id }) {
  const { Order, User } = request.models;
  const order = Order.get({ id });
  if (!order) return notFound(`There is no order ${id}`);
  if (!Order.canBeSeenBy(order, User.get({ name: request.user }))) return forbidden('You may not see this order.');
  const customer = User.get({ name: order.customer });
  const subtotal = order.lines.reduce((sum, line) => sum + line.cents * line.qty, 0);
  let due = subtotal;
  if (customer?.member && subtotal >= 10000) due -= Math.round(subtotal / 10);
  if (order.coupon === 'TENOFF') due = Math.max(0, due - 1000);
  const shipping = due < 5000 ? 490 : 0;
  return json({ order: order.id, subtotal, discount: subtotal - due, shipping, total: due + shipping });
}
