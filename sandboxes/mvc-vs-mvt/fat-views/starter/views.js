// views.py: the order page and the order API. Each grew its own copy of the shop's rules.
import { forbidden, json, notFound, render } from './mini/app.js';

export function orderPage(request, { id }) {
  const { Order, User } = request.models;
  const order = Order.get({ id });
  if (!order) return notFound(`There is no order ${id}`);
  if (request.user !== order.customer) return forbidden('This is not your order.');

  // Members get 10% off orders of 100.00 or more; the TENOFF coupon takes 10.00 off after that (never below zero);
  // shipping costs 4.90 when what is left is under 50.00.
  const customer = User.get({ name: order.customer });
  const subtotal = order.lines.reduce((sum, line) => sum + line.cents * line.qty, 0);
  let due = subtotal;
  if (customer?.member && subtotal >= 10000) due -= Math.round(subtotal / 10);
  if (order.coupon === 'TENOFF') due = Math.max(0, due - 1000);
  const shipping = due < 5000 ? 490 : 0;
  const price = { subtotal, discount: subtotal - due, shipping, total: due + shipping };
  return render('order.html', { order, price });
}

export function orderApi(request, { id }) {
  const { Order, User } = request.models;
  const order = Order.get({ id });
  if (!order) return notFound(`There is no order ${id}`);

  const customer = User.get({ name: order.customer });
  const subtotal = order.lines.reduce((sum, line) => sum + line.cents * line.qty, 0);
  let discount = 0;
  if (customer?.member && subtotal > 10000) discount = subtotal / 10;
  if (order.coupon === 'TENOFF') discount += 1000;
  return json({ order: order.id, subtotal, discount, shipping: 0, total: subtotal - discount });
}
