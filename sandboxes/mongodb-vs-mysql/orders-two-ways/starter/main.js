/**
 * Run this (the Run button): loads the shop into SQLite using schema.sql and into the document store, tries to
 * store an order for a customer who does not exist, and prints each question's answer from both models.
 */
import { readFileSync, rmSync } from 'node:fs';
import { openDatabase } from './sqlite.js';
import { openStore } from './documents.js';
import { loadDocuments, loadRows } from './shop-data.js';
import { mongo, sql } from './queries.js';

const db = await openDatabase();
await db.exec(readFileSync('schema.sql', 'utf8'));
await loadRows(db);
try {
  await db.run("INSERT INTO orders (id, customer_id, placed_at) VALUES ('o9', 'nobody', '2026-04-01')");
  console.log('SQL stored an order for customer "nobody" — no constraint stopped it.');
} catch (error) {
  console.log(`SQL refused an order for customer "nobody": ${error.message}`);
}

rmSync('data', { recursive: true, force: true });
const store = openStore('data');
await loadDocuments(store);

const collectionOf = { revenuePerCustomer: 'orders', topProducts: 'orders', neverOrdered: 'customers' };
for (const question of Object.keys(collectionOf)) {
  console.log(`\n== ${question} ==`);
  await show('SQL', () => db.all(sql[question]));
  await show('aggregate', () => store.collection(collectionOf[question]).aggregate(mongo[question]));
}

async function show(label, answer) {
  try {
    console.log(`${label.padEnd(9)} ${JSON.stringify(await answer())}`);
  } catch (error) {
    console.log(`${label.padEnd(9)} failed: ${error.message}`);
  }
}
