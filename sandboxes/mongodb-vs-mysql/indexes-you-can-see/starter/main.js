/**
 * Run this (the Run button): fills the tables, applies indexes.sql, then prints SQLite's plan for each of the
 * app's queries and how long 100 runs of it take.
 */
import { readFileSync } from 'node:fs';
import { openDatabase } from './sqlite.js';
import { QUERIES, createTables, planOf, seed } from './app.js';

const db = await openDatabase();
await createTables(db);
await seed(db, { users: 1000, eventsPerUser: 50 });
console.log('50 000 events for 1 000 users loaded.');
await db.exec(readFileSync('indexes.sql', 'utf8'));

for (const [name, query] of Object.entries(QUERIES)) {
  console.log(`\n== ${name} ==\n${query.sql}`);
  for (const step of await planOf(db, query)) console.log(`  plan: ${step}`);
  const started = performance.now();
  for (let i = 0; i < 100; i += 1) await db.all(query.sql, query.params);
  console.log(`  100 runs: ${Math.round(performance.now() - started)} ms`);
}
console.log('\nSCAN reads the whole table; SEARCH … USING INDEX jumps to the matching rows. "USE TEMP B-TREE FOR ORDER BY" means a sort after reading.');
