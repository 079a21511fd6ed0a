// models.py: what users and orders are. Amounts are whole cents (1250 is 12.50), so sums are exact.
import { table } from './mini/store.js';

/**
 * Users: { id, name, member, staff }. Orders: { id, customer (a user name), coupon, lines: [{ item, cents, qty }] }.
 */
export function makeModels(store) {
  return {
    User: table(store, 'users'),
    Order: table(store, 'orders'),
  };
}
