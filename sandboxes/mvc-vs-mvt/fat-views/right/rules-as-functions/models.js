// models.py, written another way: the rules are small named functions; the Order model exposes them.
import { table } from './mini/store.js';

const subtotalOf = (order) => order.lines.reduce((sum, { cents, qty }) => sum + cents * qty, 0);
const memberDiscount = (customer, subtotal) => (customer?.member && subtotal >= 100_00 ? Math.round(subtotal * 0.1) : 0);
const couponValue = (coupon) => (coupon === 'TENOFF' ? 10_00 : 0);
const shippingFor = (due) => (due >= 50_00 ? 0 : 4_90);

export function makeModels(store) {
  const User = table(store, 'users');
  const orders = table(store, 'orders');
  return {
    User,
    Order: {
      get: orders.get,
      all: orders.all,
      filter: orders.filter,
      price(order) {
        const subtotal = subtotalOf(order);
        const due = Math.max(0, subtotal - memberDiscount(User.get({ name: order.customer }), subtotal) - couponValue(order.coupon));
        const shipping = shippingFor(due);
        return { subtotal, discount: subtotal - due, shipping, total: due + shipping };
      },
      canBeSeenBy: (order, user) => !!user && (user.staff || user.name === order.customer),
    },
  };
}
