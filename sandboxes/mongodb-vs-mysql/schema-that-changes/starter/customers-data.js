/**
 * The customers this exercise starts from, as they are stored today (version 1): a name and, for paying
 * customers, the date their subscription runs until. Read-only.
 */
export const TODAY = '2026-11-29';

export const customersV1 = [
  { id: 1, name: 'Ada', paidUntil: '2027-01-31' },
  { id: 2, name: 'Brahmagupta', paidUntil: null },
  { id: 3, name: 'Claude', paidUntil: '2026-10-01' }, // paid once, expired
  { id: 4, name: 'Dijkstra', paidUntil: TODAY }, // last day: still paid
  { id: 5, name: 'Emmy', paidUntil: null },
];

/** The SQL table as it is in production today, with its rows. */
export async function createCustomersV1(db) {
  await db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, paid_until TEXT)');
  for (const c of customersV1) await db.run('INSERT INTO customers (id, name, paid_until) VALUES (?, ?, ?)', [c.id, c.name, c.paidUntil]);
}

/** The collection as it is in production today: documents written by the old code, without schemaVersion. */
export async function insertCustomersV1(collection) {
  await collection.insertMany(customersV1.map(({ id, name, paidUntil }) => ({ _id: id, name, paidUntil })));
}
