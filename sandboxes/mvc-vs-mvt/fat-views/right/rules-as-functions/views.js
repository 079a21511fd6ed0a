// views.py, written another way: each view asks the model twice, in its own words.
import { forbidden, json, notFound, render } from './mini/app.js';

export function orderPage({ models: { Order, User }, user }, { id }) {
  const order = Order.get({ id });
  if (!order) return notFound();
  const viewer = User.get({ name: user });
  return Order.canBeSeenBy(order, viewer) ? render('order.html', { order, price: Order.price(order) }) : forbidden();
}

export function orderApi({ models: { Order, User }, user }, { id }) {
  const order = Order.get({ id });
  if (!order) return notFound();
  if (!Order.canBeSeenBy(order, User.get({ name: user }))) return forbidden();
  const { subtotal, discount, shipping, total } = Order.price(order);
  return json({ order: id, subtotal, discount, shipping, total });
}
