/**
 * Run this (the Run button): alice has 100. Two transfers of 80 start at the same moment, in SQLite and in the
 * document store; then one transfer of 30 whose connection drops after its first write.
 */
import { rmSync } from 'node:fs';
import { openDatabase } from './sqlite.js';
import { openStore } from './documents.js';
import { transferSql } from './transfer-sql.js';
import { transferDocs } from './transfer-docs.js';

let crashAfter = Infinity; // writes allowed before the "connection" drops
const beforeWrite = () => {
  if (--crashAfter < 0) throw new Error('connection lost');
};

async function sqlBank() {
  crashAfter = Infinity;
  const db = await openDatabase({ beforeWrite });
  await db.exec("CREATE TABLE accounts (id TEXT PRIMARY KEY, balance INTEGER NOT NULL); INSERT INTO accounts VALUES ('alice', 100), ('bob', 0)");
  const show = async () => (await db.all('SELECT id, balance FROM accounts ORDER BY id')).map((r) => `${r.id} ${r.balance}`).join(', ');
  return { transfer: (amount) => transferSql(db, { from: 'alice', to: 'bob', amount }), show };
}

async function docsBank() {
  crashAfter = Infinity;
  rmSync('data', { recursive: true, force: true });
  const customers = openStore('data', { beforeWrite }).collection('customers');
  await customers.insertOne({ _id: 'alice', accounts: { checking: 100, savings: 0 } });
  const show = async () => {
    const { accounts } = await customers.findOne({ _id: 'alice' });
    return `checking ${accounts.checking}, savings ${accounts.savings}`;
  };
  return { transfer: (amount) => transferDocs(customers, { customer: 'alice', from: 'checking', to: 'savings', amount }), show };
}

for (const [name, open] of [['SQLite', sqlBank], ['Documents', docsBank]]) {
  console.log(`\n== ${name} ==`);
  let bank = await open();
  const results = await Promise.all([bank.transfer(80), bank.transfer(80)]);
  console.log(`two transfers of 80 at once returned ${results.join(' and ')} → ${await bank.show()}`);

  bank = await open();
  crashAfter = 1; // the first write goes through, then the connection drops
  const outcome = await bank.transfer(30).then((v) => `returned ${v}`, (e) => `failed: ${e.message}`);
  console.log(`a transfer of 30 that crashed after its first write ${outcome} → ${await bank.show()}`);
}
console.log('\nThe total should always be 100, and no balance below 0.');
