/**
 * A small async front for SQLite (the real engine, compiled to WebAssembly by sql.js), written to be read.
 *
 * Why a front at all: sql.js runs statements synchronously, in this process, on ONE connection. A server
 * talking to MySQL awaits every statement: between two awaits, other requests run. So each call here
 * waits one turn of the event loop's microtask queue before it executes, and two async functions that
 * use this database interleave their statements the way two requests sharing a server would.
 *
 * One connection also means one transaction at a time. `transaction(fn)` holds the connection from
 * BEGIN to COMMIT/ROLLBACK; statements from anyone else wait until it is released — like a pool
 * with a single connection. (MySQL runs many connections at once; its isolation levels and locks
 * decide what they see of each other. The lesson explains where that behaves differently.)
 *
 *   const db = await openDatabase();
 *   await db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)');
 *   await db.run('INSERT INTO t (n) VALUES (?)', [5]);          // → { changes: 1, lastInsertRowid: 1 }
 *   await db.all('SELECT * FROM t WHERE n > ?', [1]);           // → [{ id: 1, n: 5 }]
 *   await db.transaction(async (tx) => { await tx.run(...); await tx.run(...); });
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import initSqlJs from 'sql.js';

let engine; // the WebAssembly module, loaded once per process

/**
 * Opens a fresh in-memory database.
 * `beforeWrite(sql)` is called before every statement that is not a read; throwing there makes the
 * statement fail as if the connection had dropped (the checks and main.js use it to crash on purpose).
 */
export async function openDatabase({ beforeWrite } = {}) {
  engine ??= await initSqlJs();
  return new Database(new engine.Database(), beforeWrite);
}

export class Database {
  #raw;
  #beforeWrite;
  #held = null; // the promise of the transaction that holds the connection, if any
  #insideTransaction = new AsyncLocalStorage(); // set while a transaction's own function runs

  constructor(raw, beforeWrite) {
    this.#raw = raw;
    this.#beforeWrite = beforeWrite;
    // SQLite ships with foreign keys OFF for backward compatibility; MySQL's InnoDB enforces them unless a
    // session switches foreign_key_checks off.
    raw.run('PRAGMA foreign_keys = ON');
  }

  /** Runs one or more statements separated by semicolons; returns nothing. Use for DDL (CREATE, ALTER…). */
  exec(sql) {
    return this.#statement(sql, [], 'exec');
  }

  /** Runs one statement (INSERT, UPDATE, DELETE…); returns how many rows it changed and the last rowid. */
  run(sql, params = []) {
    return this.#statement(sql, params, 'run');
  }

  /** Runs one query and returns all its rows as objects keyed by column name. */
  all(sql, params = []) {
    return this.#statement(sql, params, 'all');
  }

  /** Like all(), but only the first row (or undefined). */
  async get(sql, params = []) {
    return (await this.all(sql, params))[0];
  }

  /**
   * BEGIN, then `fn(tx)`, then COMMIT — or ROLLBACK if fn throws (the error is rethrown).
   * Use `tx` inside, not `db`: statements on `db` wait until the transaction has ended.
   */
  async transaction(fn) {
    await null;
    while (this.#held) await this.#held;
    let release; // taken in the same step as the wait ends, so nothing slips in between
    this.#held = new Promise((resolve) => (release = resolve));
    const tx = {
      exec: async (sql) => (await null, this.#execute(sql, [], 'exec')),
      run: async (sql, params = []) => (await null, this.#execute(sql, params, 'run')),
      all: async (sql, params = []) => (await null, this.#execute(sql, params, 'all')),
      get: async (sql, params = []) => (await null, this.#execute(sql, params, 'all'))[0],
    };
    try {
      this.#raw.run('BEGIN');
      const result = await this.#insideTransaction.run(true, () => fn(tx));
      this.#raw.run('COMMIT');
      return result;
    } catch (error) {
      this.#rollbackIfOpen();
      throw error;
    } finally {
      this.#held = null;
      release();
    }
  }

  /** The raw sql.js database, for anything this front does not cover (sql.js docs: https://sql.js.org). */
  get raw() {
    return this.#raw;
  }

  /** Waits one microtask (a "round trip"), and longer while a transaction holds the connection; then executes. */
  async #statement(sql, params, mode) {
    if (this.#insideTransaction.getStore()) {
      // It would wait for the transaction to end, and the transaction waits for it: a deadlock.
      throw new Error(`db.${mode}() was called inside db.transaction(): use the tx your function receives, so the statement is part of the transaction`);
    }
    await null;
    while (this.#held) await this.#held;
    return this.#execute(sql, params, mode);
  }

  #execute(sql, params, mode) {
    if (this.#beforeWrite && !isRead(sql)) this.#beforeWrite(sql);
    if (mode === 'exec') {
      this.#raw.exec(sql);
      return undefined;
    }
    const statement = this.#raw.prepare(sql);
    try {
      statement.bind(params);
      const rows = [];
      while (statement.step()) rows.push(statement.getAsObject());
      if (mode === 'all') return rows;
      const changes = this.#raw.getRowsModified();
      const lastInsertRowid = this.#raw.exec('SELECT last_insert_rowid()')[0].values[0][0];
      return { changes, lastInsertRowid, rows }; // rows: what a RETURNING clause gave back
    } finally {
      statement.free();
    }
  }

  #rollbackIfOpen() {
    try {
      this.#raw.run('ROLLBACK');
    } catch {
      // SQLite already rolled back (some errors end the transaction by themselves): nothing left to undo.
    }
  }
}

/** SELECT and EXPLAIN change nothing. */
function isRead(sql) {
  return /^\s*(SELECT|EXPLAIN)\b/i.test(sql);
}
