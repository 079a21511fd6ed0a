/**
 * The shop every exercise of this lesson uses, in both shapes:
 *   - rows for the normalized SQL schema (customers, orders, order_items), and
 *   - documents: customers, and orders with their lines embedded and the customer referenced by id.
 * Prices are whole cents, so sums are exact.
 */
export const customers = [
  { id: 'c1', name: 'Ada', country: 'GB' },
  { id: 'c2', name: 'Brahmagupta', country: 'IN' },
  { id: 'c3', name: 'Claude', country: 'US' },
  { id: 'c4', name: 'Dijkstra', country: 'NL' }, // has never ordered
];

export const orders = [
  { id: 'o1', customerId: 'c1', placedAt: '2026-03-01', items: [{ sku: 'pen', qty: 3, unitPriceCents: 250 }, { sku: 'ink', qty: 1, unitPriceCents: 900 }] },
  { id: 'o2', customerId: 'c2', placedAt: '2026-03-02', items: [{ sku: 'abacus', qty: 1, unitPriceCents: 4500 }] },
  { id: 'o3', customerId: 'c1', placedAt: '2026-03-05', items: [{ sku: 'pen', qty: 10, unitPriceCents: 240 }, { sku: 'pad', qty: 2, unitPriceCents: 600 }] },
  { id: 'o4', customerId: 'c3', placedAt: '2026-03-07', items: [{ sku: 'ink', qty: 4, unitPriceCents: 900 }, { sku: 'pad', qty: 1, unitPriceCents: 600 }, { sku: 'pen', qty: 1, unitPriceCents: 250 }] },
  { id: 'o5', customerId: 'c2', placedAt: '2026-03-09', items: [{ sku: 'pad', qty: 5, unitPriceCents: 550 }] },
];

/** INSERTs the shop into tables customers(id, name, country), orders(id, customer_id, placed_at), order_items(order_id, sku, qty, unit_price_cents). */
export async function loadRows(db) {
  for (const c of customers) await db.run('INSERT INTO customers (id, name, country) VALUES (?, ?, ?)', [c.id, c.name, c.country]);
  for (const o of orders) {
    await db.run('INSERT INTO orders (id, customer_id, placed_at) VALUES (?, ?, ?)', [o.id, o.customerId, o.placedAt]);
    for (const line of o.items) {
      await db.run('INSERT INTO order_items (order_id, sku, qty, unit_price_cents) VALUES (?, ?, ?, ?)', [o.id, line.sku, line.qty, line.unitPriceCents]);
    }
  }
}

/** Inserts the shop into the collections `customers` and `orders` of a document store. */
export async function loadDocuments(store) {
  await store.collection('customers').insertMany(customers.map(({ id, ...rest }) => ({ _id: id, ...rest })));
  await store.collection('orders').insertMany(orders.map(({ id, ...rest }) => ({ _id: id, ...rest })));
}
