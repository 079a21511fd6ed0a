// Solved another way: copy everyone as free, then upgrade the paying customers — still one transaction.
/**
 * Version 2 of the customers table: every customer has a `plan`, 'free' or 'pro', and the database must
 * refuse a customer without one or with any other value. Existing customers get 'pro' while their
 * subscription runs (paid_until on or after TODAY), 'free' otherwise.
 */
import { TODAY } from './customers-data.js';

export async function migrateSql(db) {
  // SQLite's ALTER TABLE cannot add NOT NULL without a default, nor add a constraint to a column later, so the
  // table is rebuilt — inside one transaction: SQLite's DDL is transactional, and a crash leaves the old table.
  await db.transaction(async (tx) => {
    await tx.exec(`
      CREATE TABLE customers_v2 (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        paid_until TEXT,
        plan       TEXT NOT NULL CHECK (plan IN ('free', 'pro'))
      )`);
    await tx.run(`INSERT INTO customers_v2 (id, name, paid_until, plan) SELECT id, name, paid_until, 'free' FROM customers`);
    await tx.run(`UPDATE customers_v2 SET plan = 'pro' WHERE paid_until >= ?`, [TODAY]);
    await tx.exec('DROP TABLE customers');
    await tx.exec('ALTER TABLE customers_v2 RENAME TO customers');
  });
}
