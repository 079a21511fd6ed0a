// Check helpers for money-transfer: a fresh bank in each engine, and a switch that makes every write from the
// n-th one on fail, as if the connection had dropped at that point of a transfer.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { crashSwitch } from './crash.js';

export const OPENING = { alice: 100, bob: 0 };

export async function sqlBank(t) {
  const { openDatabase } = await t.import('sqlite.js');
  const crash = crashSwitch();
  const db = await openDatabase({ beforeWrite: () => crash.beforeWrite() });
  await db.exec('CREATE TABLE accounts (id TEXT PRIMARY KEY, balance INTEGER NOT NULL)');
  for (const [id, balance] of Object.entries(OPENING)) await db.run('INSERT INTO accounts (id, balance) VALUES (?, ?)', [id, balance]);
  const { transferSql } = await t.import('transfer-sql.js');
  return {
    crash,
    transfer: (amount) => transferSql(db, { from: 'alice', to: 'bob', amount }),
    async balances() {
      const rows = await db.all('SELECT id, balance FROM accounts ORDER BY id');
      return Object.fromEntries(rows.map((row) => [row.id, row.balance]));
    },
  };
}

export async function docsBank(t) {
  const { openStore } = await t.import('documents.js');
  const crash = crashSwitch();
  const store = openStore(mkdtempSync(join(t.dir, 'check-store-')), { beforeWrite: () => crash.beforeWrite() });
  const customers = store.collection('customers');
  await customers.insertOne({ _id: 'alice', accounts: { checking: OPENING.alice, savings: OPENING.bob } });
  const { transferDocs } = await t.import('transfer-docs.js');
  return {
    crash,
    transfer: (amount) => transferDocs(customers, { customer: 'alice', from: 'checking', to: 'savings', amount }),
    async balances() {
      const { accounts } = await customers.findOne({ _id: 'alice' });
      return { alice: accounts.checking, bob: accounts.savings };
    },
  };
}

/** Runs `transfer(amount)` with writes failing from the n-th on, for n = 1, 2, 3, and wants all or nothing each time. */
export async function assertAllOrNothing(t, openBank, { amount, what }) {
  for (const n of [1, 2, 3]) {
    const bank = await openBank(t);
    bank.crash.arm(n);
    const outcome = await bank.transfer(amount).then((value) => `returned ${value}`, (error) => `threw "${error.message}"`);
    const after = await bank.balances();
    const untouched = after.alice === OPENING.alice && after.bob === OPENING.bob;
    const moved = after.alice === OPENING.alice - amount && after.bob === OPENING.bob + amount;
    t.assert.ok(
      untouched || moved,
      `The connection dropped at write number ${n} of a transfer of ${amount} (the transfer ${outcome}), and the money was left half-moved. ` +
        `Every write of a transfer must count, or none of them: ${what}`,
      { expected: `${fmt(OPENING)} (nothing moved) or ${fmt({ alice: OPENING.alice - amount, bob: OPENING.bob + amount })}`, actual: fmt(after) },
    );
  }
}

/** Starts two transfers of 80 from 100 at the same moment; exactly one may succeed. */
export async function assertNoOverdraft(t, openBank, { what }) {
  const bank = await openBank(t);
  const results = await Promise.all([bank.transfer(80), bank.transfer(80)]);
  const after = await bank.balances();
  t.assert.ok(
    after.alice >= 0 && after.alice + after.bob === 100,
    `Two transfers of 80 from a balance of 100 ran at the same time and both got through (they returned ${results.join(' and ')}). ${what}`,
    { expected: fmt({ alice: 20, bob: 80 }), actual: fmt(after) },
  );
  t.assert.equal([...results].sort(), [false, true], 'what the two transfers returned (one moves the money, the other finds too little left)');
  t.assert.equal(after, { alice: 20, bob: 80 }, 'balances after the two transfers');
}

/** A transfer that is covered moves the money; one that is not returns false and changes nothing. */
export async function assertMovesAndRefuses(t, openBank) {
  const bank = await openBank(t);
  t.assert.equal(await bank.transfer(30), true, 'what a covered transfer of 30 returns');
  t.assert.equal(await bank.balances(), { alice: 70, bob: 30 }, 'balances after moving 30');
  t.assert.equal(await bank.transfer(150), false, 'what a transfer of 150 from a balance of 70 returns');
  t.assert.equal(await bank.balances(), { alice: 70, bob: 30 }, 'balances after a refused transfer (nothing may change)');
}

const fmt = (balances) => `alice ${balances.alice}, bob ${balances.bob}`;
