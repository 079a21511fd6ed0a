/**
 * The model layer's storage: tables of plain rows, kept in memory or in one JSON file ({ "todos": [ … ] }).
 * `table(store, 'todos')` gives the query methods a model is built on.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const copy = (row) => structuredClone(row);

export class MemoryStore {
  constructor(data = {}) {
    this.data = copy(data);
  }
  rows(table) {
    return this.data[table] ?? [];
  }
  insert(table, fields) {
    const rows = (this.data[table] ??= []);
    const row = { id: rows.reduce((max, r) => Math.max(max, r.id), 0) + 1, ...fields };
    rows.push(row);
    this.save();
    return copy(row);
  }
  update(table, id, changes) {
    const row = this.rows(table).find((r) => r.id === id);
    if (!row) return null;
    Object.assign(row, changes);
    this.save();
    return copy(row);
  }
  save() {}
}

/** A store kept in a JSON file, read when created and written after every change. */
export class FileStore extends MemoryStore {
  constructor(file) {
    let data;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`Cannot read the data file ${file}: ${error.message}`);
    }
    super(data);
    this.file = file;
  }
  save() {
    writeFileSync(this.file, `${JSON.stringify(this.data, null, 2)}\n`);
  }
}

const matches = (row, where) => Object.entries(where).every(([key, value]) => row[key] === value);

function ordered(rows, orderBy) {
  if (!orderBy) return rows;
  const desc = orderBy.startsWith('-');
  const key = desc ? orderBy.slice(1) : orderBy;
  return rows.sort((a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0) * (desc ? -1 : 1));
}

/**
 * Query methods over one table, in the spirit of Django's `Todo.objects`:
 *   all({ orderBy: 'due' })   filter({ done: false }, { orderBy: '-id' })   get({ id: 3 }) → row or null
 *   create({ title })         update(id, { done: true })
 * Every method returns copies: changing a returned row changes nothing until you call update().
 */
export function table(store, name) {
  return {
    all: ({ orderBy } = {}) => ordered(store.rows(name).map(copy), orderBy),
    filter: (where, { orderBy } = {}) => ordered(store.rows(name).filter((r) => matches(r, where)).map(copy), orderBy),
    get: (where) => {
      const row = store.rows(name).find((r) => matches(r, where));
      return row ? copy(row) : null;
    },
    create: (fields) => store.insert(name, fields),
    update: (id, changes) => store.update(name, id, changes),
  };
}
