// Checks for money-transfer: each runs the learner's transfer against the real engines (SQLite through sql.js,
// the mingo document store), with crashes injected at every write and two transfers interleaving.
import { assertAllOrNothing, assertMovesAndRefuses, assertNoOverdraft, docsBank, sqlBank } from './_shared/bank.js';

export default [
  {
    id: 'sql-crash-all-or-nothing',
    name: 'SQL: a crash in the middle of a transfer leaves both balances as they were',
    task: 'sql-atomic',
    hint: 'Run both UPDATEs inside db.transaction(async (tx) => …) and use tx, not db, inside it.',
    measuresTime: false,
    async run(t) {
      await assertAllOrNothing(t, sqlBank, {
        amount: 30,
        what: 'put both UPDATEs in one transaction, so a failure rolls the debit back.',
      });
    },
  },
  {
    id: 'sql-refuses-overdraft',
    name: 'SQL: a covered transfer moves the money; one larger than the balance returns false and changes nothing',
    task: 'sql-no-overdraft',
    hint: 'Return false when the debit changed no row (its result has changes: 0).',
    measuresTime: false,
    async run(t) {
      await assertMovesAndRefuses(t, sqlBank);
    },
  },
  {
    id: 'sql-concurrent-no-overdraft',
    name: 'SQL: two transfers at the same moment cannot overdraw the account',
    task: 'sql-no-overdraft',
    hint: 'Let the database check and debit in one statement: UPDATE … SET balance = balance - ? WHERE id = ? AND balance >= ?',
    measuresTime: false,
    async run(t) {
      await assertNoOverdraft(t, sqlBank, {
        what: 'Check and debit in one statement — UPDATE … WHERE id = ? AND balance >= ? — and look at how many rows it changed. (A balance read by an earlier SELECT is already stale when the UPDATE runs.)',
      });
    },
  },
  {
    id: 'docs-moves-money',
    name: 'Documents: a covered transfer moves the money; one larger than the balance returns false and changes nothing',
    task: 'docs-atomic',
    hint: 'updateOne returns { matchedCount, modifiedCount }: 0 means the filter matched nothing.',
    measuresTime: false,
    async run(t) {
      await assertMovesAndRefuses(t, docsBank);
    },
  },
  {
    id: 'docs-crash-all-or-nothing',
    name: 'Documents: a crash in the middle of a transfer leaves both accounts as they were',
    task: 'docs-atomic',
    hint: 'Both accounts live in the same document: one updateOne with two $inc fields changes them together.',
    measuresTime: false,
    async run(t) {
      await assertAllOrNothing(t, docsBank, {
        amount: 30,
        what: 'both accounts are in one document, and a write to one document is atomic — make it a single updateOne.',
      });
    },
  },
  {
    id: 'docs-concurrent-no-overdraft',
    name: 'Documents: two transfers at the same moment cannot overdraw the account',
    task: 'docs-atomic',
    hint: 'Guard in the filter: updateOne({ _id, "accounts.checking": { $gte: amount } }, { $inc: … }).',
    measuresTime: false,
    async run(t) {
      await assertNoOverdraft(t, docsBank, {
        what: 'Put the balance condition in the filter of the updateOne that debits, and look at modifiedCount. (A document read by an earlier findOne is already stale when updateOne runs.)',
      });
    },
  },
];
