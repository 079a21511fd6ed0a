// views.py: the order page and the order API. The rules live in the model; the views only ask it.
import { forbidden, json, notFound, render } from './mini/app.js';

/** The order and its price, or the response that refuses it. */
function orderFor(request, id) {
  const { Order, User } = request.models;
  const order = Order.get({ id });
  if (!order) return { refusal: notFound(`There is no order ${id}`) };
  if (!Order.canBeSeenBy(order, User.get({ name: request.user }))) return { refusal: forbidden('You may not see this order.') };
  return { order, price: Order.price(order) };
}

export function orderPage(request, { id }) {
  const { refusal, order, price } = orderFor(request, id);
  return refusal ?? render('order.html', { order, price });
}

export function orderApi(request, { id }) {
  const { refusal, order, price } = orderFor(request, id);
  return refusal ?? json({ order: order.id, ...price });
}
