// views.py: prices come from the model, but each view still decides by itself who may see an order.
import { forbidden, json, notFound, render } from './mini/app.js';

function orderFor(request, id) {
  const { Order } = request.models;
  const order = Order.get({ id });
  if (!order) return { refusal: notFound(`There is no order ${id}`) };
  if (request.user !== order.customer) return { refusal: forbidden('This is not your order.') };
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
