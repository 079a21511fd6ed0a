/**
 * A small document store shaped like MongoDB's collections, written to be read.
 *
 * The query language is real: filters, update operators ($set, $inc, $push…) and aggregation pipelines
 * ($match, $unwind, $group, $lookup…) are evaluated by mingo, a JavaScript implementation of MongoDB's.
 * Everything else is this file: each collection is an array of documents kept in memory and written to
 * `<dir>/<collection>.json` after every change, so a restarted program finds its data again.
 *
 *   const store = openStore('data');
 *   const accounts = store.collection('accounts');
 *   await accounts.insertOne({ _id: 'alice', balance: 100 });
 *   await accounts.updateOne({ _id: 'alice', balance: { $gte: 30 } }, { $inc: { balance: -30 } });
 *   await accounts.find({ balance: { $lt: 100 } });                    // → [{ _id: 'alice', balance: 70 }]
 *   await accounts.aggregate([{ $group: { _id: null, total: { $sum: '$balance' } } }]);
 *
 * What MongoDB guarantees and this store keeps: a write to ONE document is atomic. updateOne finds the
 * document, applies the whole update to a copy, validates it, and only then swaps it in, so a reader never
 * sees half an update and a failed update changes nothing. Every call also waits one microtask first (a
 * "round trip"), so two async functions using the store interleave like two clients of one server.
 *
 * What it does not model: replication, read and write concerns, multi-document transactions, indexes,
 * sharding. The lesson explains each of those for a real MongoDB deployment.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Query, aggregate, update } from 'mingo';

/**
 * Opens (or creates) a store in the folder `dir`.
 * `beforeWrite(collectionName, operation)` is called before every write; throwing there makes the write fail
 * as if the server had gone away (the checks and main.js use it to crash on purpose).
 */
export function openStore(dir, { beforeWrite } = {}) {
  mkdirSync(dir, { recursive: true });
  const collections = new Map();
  const store = {
    /**
     * The collection `name`, created on first use. `validator` is a query filter every inserted or updated
     * document must match (as in db.createCollection(name, { validator })); with validationLevel 'moderate',
     * updates to documents that did not match before are not checked (MongoDB's option of the same name).
     */
    collection(name, { validator, validationLevel = 'strict' } = {}) {
      if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new TypeError(`collection name "${name}": use letters, digits, "_" or "-"`);
      if (!collections.has(name)) collections.set(name, new Collection(name, join(dir, `${name}.json`), store, beforeWrite));
      const collection = collections.get(name);
      if (validator !== undefined) collection.setValidator(validator, validationLevel);
      return collection;
    },
  };
  return store;
}

export class Collection {
  #docs;
  #file;
  #store;
  #beforeWrite;
  #validator = null;
  #validationLevel = 'strict';

  constructor(name, file, store, beforeWrite) {
    this.name = name;
    this.#file = file;
    this.#store = store;
    this.#beforeWrite = beforeWrite;
    this.#docs = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
  }

  setValidator(validator, validationLevel) {
    if (!['strict', 'moderate'].includes(validationLevel)) throw new TypeError(`validationLevel must be "strict" or "moderate", got "${validationLevel}"`);
    this.#validator = new Query(validator);
    this.#validationLevel = validationLevel;
  }

  /** Inserts one document (an _id is generated when it has none). Returns { insertedId }. */
  async insertOne(document) {
    await null;
    const doc = structuredClone(document);
    doc._id ??= randomUUID();
    if (this.#docs.some((existing) => sameId(existing._id, doc._id))) {
      throw new WriteError(`E11000 duplicate key error: ${this.name} already has a document with _id ${JSON.stringify(doc._id)}`);
    }
    this.#validate(doc);
    this.#write('insertOne', () => this.#docs.push(doc));
    return { insertedId: doc._id };
  }

  /** Inserts documents one at a time, in order; stops at the first that fails (earlier ones stay). */
  async insertMany(documents) {
    const insertedIds = [];
    for (const document of documents) insertedIds.push((await this.insertOne(document)).insertedId);
    return { insertedIds };
  }

  /** Copies of the documents matching `filter`, optionally sorted ({ field: 1 | -1 }) and limited. */
  async find(filter = {}, { sort, limit } = {}) {
    await null;
    let cursor = new Query(filter).find(this.#docs);
    if (sort) cursor = cursor.sort(sort);
    if (limit) cursor = cursor.limit(limit);
    return structuredClone(cursor.all());
  }

  /** A copy of the first document matching `filter`, or null. */
  async findOne(filter = {}) {
    return (await this.find(filter, { limit: 1 }))[0] ?? null;
  }

  async countDocuments(filter = {}) {
    return (await this.find(filter)).length;
  }

  /**
   * Updates the first document matching `filter` with update operators ({ $set: …, $inc: … }), atomically:
   * the filter is tested and the update applied in one step, with nothing in between.
   * Returns { matchedCount, modifiedCount } — matchedCount 0 means no document matched the filter.
   */
  async updateOne(filter, operators) {
    await null;
    if (!operators || Object.keys(operators).length === 0 || !Object.keys(operators).every((key) => key.startsWith('$'))) {
      throw new TypeError('updateOne needs update operators such as { $set: {...} } or { $inc: {...} }');
    }
    const index = this.#docs.findIndex((doc) => new Query(filter).test(doc));
    if (index === -1) return { matchedCount: 0, modifiedCount: 0 };
    const before = this.#docs[index];
    const after = structuredClone(before);
    const changed = update(after, operators);
    if (changed.length === 0) return { matchedCount: 1, modifiedCount: 0 };
    if (!sameId(after._id, before._id)) throw new WriteError('the _id of a document cannot be changed');
    if (this.#validationLevel === 'strict' || this.#matchesValidator(before)) this.#validate(after);
    this.#write('updateOne', () => (this.#docs[index] = after));
    return { matchedCount: 1, modifiedCount: 1 };
  }

  /** Runs an aggregation pipeline over this collection. $lookup's `from` names another collection of the store. */
  async aggregate(pipeline) {
    await null;
    const resolve = (name) => this.#store.collection(name).#docs;
    return structuredClone(aggregate(this.#docs, pipeline, { collectionResolver: resolve }));
  }

  #matchesValidator(doc) {
    return !this.#validator || this.#validator.test(doc);
  }

  #validate(doc) {
    if (!this.#matchesValidator(doc)) {
      throw new WriteError(`Document failed validation: ${this.name} rejects ${JSON.stringify(doc)}`);
    }
  }

  /** Calls the crash hook, changes memory, then replaces the file in one rename (never half-written). */
  #write(operation, change) {
    this.#beforeWrite?.(this.name, operation);
    change();
    const temporary = `${this.#file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.#docs, null, 1));
    renameSync(temporary, this.#file);
  }
}

/** The error a write fails with: a duplicate _id or a document the validator rejects. */
export class WriteError extends Error {
  name = 'WriteError';
}

function sameId(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}
