// models.py: what users and orders are, and the shop's rules. Amounts are whole cents (1250 is 12.50), so sums are exact.
import { table } from './mini/store.js';

const MEMBER_DISCOUNT_FROM = 10000; // members get 10% off orders of 100.00 or more
const COUPONS = { TENOFF: 1000 }; // taken off after the member discount, never below zero
const FREE_SHIPPING_FROM = 5000; // under 50.00 (after discounts) shipping costs 4.90
const SHIPPING = 490;

/**
 * Users: { id, name, member, staff }. Orders: { id, customer (a user name), coupon, lines: [{ item, cents, qty }] }.
 */
export function makeModels(store) {
  const User = table(store, 'users');
  const Order = {
    ...table(store, 'orders'),

    /** What the order costs: { subtotal, discount, shipping, total } in cents. The one home of the pricing rules. */
    price(order) {
      const customer = User.get({ name: order.customer });
      const subtotal = order.lines.reduce((sum, line) => sum + line.cents * line.qty, 0);
      let due = subtotal;
      if (customer?.member && subtotal >= MEMBER_DISCOUNT_FROM) due -= Math.round(subtotal / 10);
      due = Math.max(0, due - (COUPONS[order.coupon] ?? 0));
      const shipping = due < FREE_SHIPPING_FROM ? SHIPPING : 0;
      return { subtotal, discount: subtotal - due, shipping, total: due + shipping };
    },

    /** Whether `user` (a user row, or null when nobody signed in) may see the order: its customer, or staff. */
    canBeSeenBy(order, user) {
      return Boolean(user) && (user.staff === true || user.name === order.customer);
    },
  };
  return { User, Order };
}
