/**
 * Run this (the Run button): migrates the SQL table with migrate-sql.js and prints it, tries two bad inserts;
 * then reads every customer from a collection of old documents with customers-docs.js and tries bad writes there.
 */
import { rmSync } from 'node:fs';
import { openDatabase } from './sqlite.js';
import { openStore } from './documents.js';
import { createCustomersV1, insertCustomersV1 } from './customers-data.js';
import { migrateSql } from './migrate-sql.js';
import { readCustomer, validation } from './customers-docs.js';

console.log('== SQL ==');
const db = await openDatabase();
await createCustomersV1(db);
await migrateSql(db);
for (const row of await db.all('SELECT * FROM customers ORDER BY id')) console.log(JSON.stringify(row));
for (const [label, sql] of [
  ['a customer without a plan', "INSERT INTO customers (id, name) VALUES (10, 'No Plan')"],
  ["a customer on plan 'gold'", "INSERT INTO customers (id, name, plan) VALUES (11, 'Gold', 'gold')"],
]) {
  const result = await db.run(sql).then(() => 'stored', (error) => `refused (${error.message})`);
  console.log(`${label}: ${result}`);
}

console.log('\n== Documents ==');
rmSync('data', { recursive: true, force: true });
const store = openStore('data');
await insertCustomersV1(store.collection('customers'));
const customers = store.collection('customers', validation);
for (const id of [1, 2, 3, 4, 5]) console.log(JSON.stringify(await readCustomer(customers, id)));
for (const [label, write] of [
  ["a new customer on plan 'gold'", () => customers.insertOne({ _id: 21, schemaVersion: 2, name: 'Gold', plan: 'gold' })],
  ['renaming an old customer', () => customers.updateOne({ _id: 2 }, { $set: { name: 'Brahmagupta of Ujjain' } })],
]) {
  const result = await write().then(() => 'stored', (error) => `refused (${error.message})`);
  console.log(`${label}: ${result}`);
}
