// The engines' fronts the mongodb-vs-mysql exercises share (sandboxes/mongodb-vs-mysql/_shared): the document store
// over mingo and the async SQLite front over sql.js.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const shared = join(import.meta.dirname, '../../sandboxes/mongodb-vs-mysql/_shared');
const { openStore } = await import(join(shared, 'documents.js'));
const { openDatabase } = await import(join(shared, 'sqlite.js'));

const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mongo-vs-mysql-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('document store', () => {
  it('keeps its data across a reopen of the same folder', async () => {
    const dir = freshDir();
    await openStore(dir).collection('accounts').insertOne({ _id: 'alice', balance: 100 });
    const reopened = openStore(dir).collection('accounts');
    expect(await reopened.find({})).toEqual([{ _id: 'alice', balance: 100 }]);
    expect(JSON.parse(readFileSync(join(dir, 'accounts.json'), 'utf8'))).toEqual([{ _id: 'alice', balance: 100 }]);
  });

  it('applies update operators only to a document that matches the filter, and reports what it did', async () => {
    const accounts = openStore(freshDir()).collection('accounts');
    await accounts.insertOne({ _id: 'alice', balance: 100 });
    expect(await accounts.updateOne({ _id: 'alice', balance: { $gte: 150 } }, { $inc: { balance: -150 } })).toEqual({ matchedCount: 0, modifiedCount: 0 });
    expect(await accounts.updateOne({ _id: 'alice', balance: { $gte: 30 } }, { $inc: { balance: -30 }, $push: { log: 'debit 30' } })).toEqual({ matchedCount: 1, modifiedCount: 1 });
    expect(await accounts.findOne({ _id: 'alice' })).toEqual({ _id: 'alice', balance: 70, log: ['debit 30'] });
  });

  it('changes nothing when a write fails: a crash hook, a validator or a duplicate _id', async () => {
    let crash = false;
    const dir = freshDir();
    const store = openStore(dir, { beforeWrite: () => { if (crash) throw new Error('connection lost'); } });
    const accounts = store.collection('accounts', { validator: { balance: { $gte: 0 } } });
    await accounts.insertOne({ _id: 'alice', balance: 100 });
    crash = true;
    await expect(accounts.updateOne({ _id: 'alice' }, { $inc: { balance: -30 } })).rejects.toThrow('connection lost');
    crash = false;
    await expect(accounts.updateOne({ _id: 'alice' }, { $inc: { balance: -130 } })).rejects.toThrow('Document failed validation');
    await expect(accounts.insertOne({ _id: 'alice', balance: 5 })).rejects.toThrow('E11000');
    expect(await openStore(dir).collection('accounts').find({})).toEqual([{ _id: 'alice', balance: 100 }]);
  });

  it('with validationLevel moderate, lets old non-matching documents be updated but validates new ones', async () => {
    const store = openStore(freshDir());
    await store.collection('people').insertOne({ _id: 1, name: 'old shape' });
    const people = store.collection('people', { validator: { version: 2 }, validationLevel: 'moderate' });
    await expect(people.updateOne({ _id: 1 }, { $set: { name: 'renamed' } })).resolves.toEqual({ matchedCount: 1, modifiedCount: 1 });
    await expect(people.insertOne({ _id: 2, name: 'new, but old shape' })).rejects.toThrow('Document failed validation');
  });

  it('resolves $lookup against other collections of the same store', async () => {
    const store = openStore(freshDir());
    await store.collection('customers').insertOne({ _id: 'c1', name: 'Ada' });
    await store.collection('orders').insertOne({ _id: 'o1', customerId: 'c1' });
    const [joined] = await store.collection('orders').aggregate([
      { $lookup: { from: 'customers', localField: 'customerId', foreignField: '_id', as: 'customer' } },
    ]);
    expect(joined.customer).toEqual([{ _id: 'c1', name: 'Ada' }]);
  });
});

describe('SQLite front', () => {
  async function bank(beforeWrite?: () => void) {
    const db = await openDatabase({ beforeWrite });
    await db.exec("CREATE TABLE a (id TEXT PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO a VALUES ('x', 100)");
    return db;
  }

  it('interleaves two async callers statement by statement, as two clients of a server would', async () => {
    const db = await bank();
    const readThenWrite = async () => {
      const { n } = await db.get("SELECT n FROM a WHERE id = 'x'");
      await db.run("UPDATE a SET n = ? WHERE id = 'x'", [n - 80]);
    };
    await Promise.all([readThenWrite(), readThenWrite()]);
    expect(await db.get("SELECT n FROM a WHERE id = 'x'")).toEqual({ n: 20 }); // a lost update, as promised
  });

  it('rolls a transaction back when its function throws, and makes other statements wait for it', async () => {
    const db = await bank();
    const order: string[] = [];
    const failing = db.transaction(async (tx: { run: (s: string) => Promise<unknown> }) => {
      await tx.run("UPDATE a SET n = 0 WHERE id = 'x'");
      order.push('inside');
      throw new Error('boom');
    });
    const outside = db.get("SELECT n FROM a WHERE id = 'x'").then((row: unknown) => (order.push('outside'), row));
    await expect(failing).rejects.toThrow('boom');
    expect(await outside).toEqual({ n: 100 });
    expect(order).toEqual(['inside', 'outside']);
  });

  it('refuses db.run inside db.transaction instead of waiting for itself forever', async () => {
    const db = await bank();
    await expect(db.transaction(async () => db.run("UPDATE a SET n = 1 WHERE id = 'x'"))).rejects.toThrow('use the tx your function receives');
    expect(await db.get("SELECT n FROM a WHERE id = 'x'")).toEqual({ n: 100 });
  });

  it('enforces foreign keys, which SQLite leaves off by default', async () => {
    const db = await openDatabase();
    await db.exec('CREATE TABLE p (id TEXT PRIMARY KEY); CREATE TABLE c (p TEXT REFERENCES p (id))');
    await expect(db.run("INSERT INTO c VALUES ('missing')")).rejects.toThrow('FOREIGN KEY constraint failed');
  });

  it('calls beforeWrite for writes only, so a check can crash a write and still read', async () => {
    const seen: string[] = [];
    const db = await bank(() => void seen.push('write'));
    seen.length = 0;
    await db.get('SELECT * FROM a');
    await db.all('EXPLAIN QUERY PLAN SELECT * FROM a');
    await db.run("UPDATE a SET n = 1 WHERE id = 'x'");
    expect(seen).toEqual(['write']);
  });
});
