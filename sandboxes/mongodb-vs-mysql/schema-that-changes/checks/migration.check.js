// Checks for schema-that-changes: the learner's migration runs on a real SQLite table full of version-1 rows
// (also with a crash injected at each of its writes); the document side runs on the mingo store with a mix of
// version-1 and version-2 documents and the learner's validator.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { crashSwitch } from './_shared/crash.js';

async function migratedDb(t, { crashAt } = {}) {
  const { openDatabase } = await t.import('sqlite.js');
  const data = await t.import('customers-data.js');
  const crash = crashSwitch();
  const db = await openDatabase({ beforeWrite: () => crash.beforeWrite() });
  await data.createCustomersV1(db);
  const { migrateSql } = await t.import('migrate-sql.js');
  if (crashAt) crash.arm(crashAt);
  const outcome = await migrateSql(db).then(() => 'finished', (error) => `threw "${error.message}"`);
  crash.disarm();
  if (!crashAt && outcome !== 'finished') t.assert.fail(`migrateSql ${outcome}`);
  return { db, data, outcome };
}

const expectedPlan = (customer, today) => (customer.paidUntil && customer.paidUntil >= today ? 'pro' : 'free');

async function insertFails(db, sql) {
  try {
    await db.run(sql);
    return false;
  } catch {
    return true;
  }
}

async function customersCollection(t, options) {
  const { openStore } = await t.import('documents.js');
  const data = await t.import('customers-data.js');
  const store = openStore(mkdtempSync(join(t.dir, 'check-store-')));
  const customers = store.collection('customers');
  await data.insertCustomersV1(customers); // written by the old code, before any validator existed
  const docs = await t.import('customers-docs.js');
  if (options?.validate) store.collection('customers', docs.validation);
  return { customers, data, docs };
}

export default [
  {
    id: 'sql-backfill',
    name: 'SQL: after the migration every customer has the right plan, and no row or name was lost',
    task: 'sql-migration',
    hint: "Backfill in the same statement that copies the rows: CASE WHEN paid_until >= ? THEN 'pro' ELSE 'free' END.",
    measuresTime: false,
    async run(t) {
      const { db, data } = await migratedDb(t);
      const rows = await db.all('SELECT id, name, plan FROM customers ORDER BY id');
      const expected = data.customersV1.map((c) => ({ id: c.id, name: c.name, plan: expectedPlan(c, data.TODAY) }));
      t.assert.equal(rows, expected, `customers after the migration (pro while paid_until is on or after ${data.TODAY}, free otherwise)`);
    },
  },
  {
    id: 'sql-rejects-bad-writes',
    name: 'SQL: a new customer without a plan, or with an unknown plan, is refused by the database',
    task: 'sql-migration',
    hint: "plan TEXT NOT NULL CHECK (plan IN ('free', 'pro')) — without a DEFAULT, or a missing plan quietly becomes one.",
    measuresTime: false,
    async run(t) {
      const { db } = await migratedDb(t);
      t.assert.ok(
        await insertFails(db, "INSERT INTO customers (id, name) VALUES (10, 'No Plan')"),
        'A customer without a plan was stored. The plan is required: NOT NULL, and no DEFAULT that fills it in silently.',
        { expected: 'a NOT NULL constraint error', actual: 'the row was inserted' },
      );
      t.assert.ok(
        await insertFails(db, "INSERT INTO customers (id, name, plan) VALUES (11, 'Gold', 'gold')"),
        "A customer with plan 'gold' was stored. A CHECK constraint limits the column to 'free' and 'pro'.",
        { expected: 'a CHECK constraint error', actual: 'the row was inserted' },
      );
    },
  },
  {
    id: 'sql-migration-all-or-nothing',
    name: 'SQL: a migration that dies halfway leaves the old table complete, never a half-migrated one',
    task: 'sql-migration',
    hint: 'Run every step of the migration inside db.transaction: in SQLite even CREATE, DROP and ALTER roll back.',
    measuresTime: false,
    async run(t) {
      for (const n of [1, 2, 3, 4]) {
        const { db, data, outcome } = await migratedDb(t, { crashAt: n });
        const tables = (await db.all("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")).map((r) => r.name);
        const columns = tables.includes('customers') ? (await db.all("SELECT name FROM pragma_table_info('customers')")).map((r) => r.name) : [];
        const count = tables.includes('customers') ? (await db.get('SELECT count(*) AS n FROM customers')).n : 0;
        const old = columns.join() === 'id,name,paid_until';
        const migrated = columns.includes('plan') && count === data.customersV1.length;
        t.assert.ok(
          (old && count === data.customersV1.length) || migrated,
          `The connection dropped at write number ${n} of the migration (migrateSql ${outcome}) and left the database half-migrated: ` +
            `tables [${tables.join(', ')}], customers has columns [${columns.join(', ')}] and ${count} rows. ` +
            'Wrap the whole migration in one transaction so a failure puts everything back.',
          { expected: `customers with all ${data.customersV1.length} rows, either as before or fully migrated`, actual: `tables ${tables.join(', ')}; customers(${columns.join(', ')}) with ${count} rows` },
        );
      }
    },
  },
  {
    id: 'docs-reads-both-shapes',
    name: 'Documents: readCustomer gives every customer the right plan, from old and new documents alike',
    task: 'docs-versions',
    hint: "A document without schemaVersion is version 1: derive its plan from paidUntil exactly as the SQL backfill does.",
    measuresTime: false,
    async run(t) {
      const { customers, data, docs } = await customersCollection(t);
      await customers.insertOne({ _id: 6, schemaVersion: 2, name: 'Fermat', plan: 'pro' });
      await customers.insertOne({ _id: 7, schemaVersion: 2, name: 'Gauss', plan: 'free' });
      const expected = [
        ...data.customersV1.map((c) => ({ id: c.id, name: c.name, plan: expectedPlan(c, data.TODAY) })),
        { id: 6, name: 'Fermat', plan: 'pro' },
        { id: 7, name: 'Gauss', plan: 'free' },
      ];
      const actual = [];
      for (const { id } of expected) actual.push(await docs.readCustomer(customers, id));
      t.assert.equal(actual, expected, 'readCustomer for five version-1 documents and two version-2 documents');
    },
  },
  {
    id: 'docs-validator-rejects-bad-writes',
    name: 'Documents: the validator refuses a new customer without a plan or with an unknown plan, and accepts a good one',
    task: 'docs-versions',
    hint: "validator: { schemaVersion: 2, name: { $type: 'string' }, plan: { $in: ['free', 'pro'] } }",
    measuresTime: false,
    async run(t) {
      const { customers } = await customersCollection(t, { validate: true });
      const refused = async (doc) => customers.insertOne(doc).then(() => false, () => true);
      t.assert.ok(await refused({ _id: 20, schemaVersion: 2, name: 'No Plan' }), 'A new customer without a plan was stored: the validator must require plan.', { expected: 'Document failed validation', actual: 'inserted' });
      t.assert.ok(await refused({ _id: 21, schemaVersion: 2, name: 'Gold', plan: 'gold' }), "A customer with plan 'gold' was stored: the validator must allow only 'free' and 'pro'.", { expected: 'Document failed validation', actual: 'inserted' });
      t.assert.ok(await refused({ _id: 22, name: 'Old Shape', paidUntil: null }), 'A new document in the old shape (no schemaVersion, no plan) was stored: new writes must be version 2.', { expected: 'Document failed validation', actual: 'inserted' });
      const good = await customers.insertOne({ _id: 23, schemaVersion: 2, name: 'Hypatia', plan: 'free' }).then(() => null, (error) => error.message);
      t.assert.equal(good, null, 'error when inserting a valid version-2 customer');
    },
  },
  {
    id: 'docs-old-documents-writable',
    name: 'Documents: customers stored in the old shape can still be updated after the validator is added',
    task: 'docs-versions',
    hint: "With validationLevel 'strict' every update must produce a valid document, and old ones never do. 'moderate' skips documents that did not match before.",
    measuresTime: false,
    async run(t) {
      const { customers } = await customersCollection(t, { validate: true });
      const error = await customers.updateOne({ _id: 2 }, { $set: { name: 'Brahmagupta of Ujjain' } }).then(() => null, (caught) => caught.message);
      t.assert.equal(
        error,
        null,
        'error when renaming a customer whose document is still version 1 — the old code and the old documents are live while the new code rolls out',
      );
    },
  },
];
