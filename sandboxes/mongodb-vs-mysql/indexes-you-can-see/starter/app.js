/**
 * The application's tables and its two hot queries. Read-only: the exercise is to make these queries fast
 * with indexes (indexes.sql), without changing them.
 */

export async function createTables(db) {
  await db.exec(`
    CREATE TABLE users (
      id    INTEGER PRIMARY KEY,
      email TEXT NOT NULL,
      name  TEXT NOT NULL
    );
    CREATE TABLE events (
      id         INTEGER PRIMARY KEY,
      user_id    INTEGER NOT NULL REFERENCES users (id),
      kind       TEXT NOT NULL,
      created_at TEXT NOT NULL,
      payload    TEXT
    );`);
}

/** `users` users, each with `eventsPerUser` events spread over 2026 — generated inside SQLite, two statements. */
export async function seed(db, { users = 500, eventsPerUser = 40 } = {}) {
  await db.run(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO users (id, email, name) SELECT i, 'user' || i || '@example.com', 'User ' || i FROM n`,
    [users],
  );
  await db.run(
    `WITH RECURSIVE e(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM e WHERE j < ? - 1)
     INSERT INTO events (user_id, kind, created_at, payload)
     SELECT u.id,
            CASE (u.id + e.j) % 4 WHEN 0 THEN 'login' WHEN 1 THEN 'view' WHEN 2 THEN 'search' ELSE 'purchase' END,
            strftime('%Y-%m-%dT%H:00:00Z', '2026-01-01', ((u.id * 7 + e.j * 13) % 365) || ' days', (e.j % 24) || ' hours'),
            '{}'
     FROM users u CROSS JOIN e`,
    [eventsPerUser],
  );
}

/** The two queries the app runs on every page view. */
export const QUERIES = {
  /** Sign-in: find the account by e-mail address. */
  userByEmail: {
    sql: 'SELECT id, name FROM users WHERE email = ?',
    params: ['user321@example.com'],
  },
  /** The activity page: a user's 20 latest events since a date. */
  recentEvents: {
    sql: 'SELECT id, kind, created_at FROM events WHERE user_id = ? AND created_at >= ? ORDER BY created_at DESC LIMIT 20',
    params: [321, '2026-06-01'],
  },
};

/** SQLite's plan for a query: one line per step, e.g. "SEARCH users USING INDEX users_email (email=?)". */
export async function planOf(db, { sql, params }) {
  const steps = await db.all(`EXPLAIN QUERY PLAN ${sql}`, params);
  return steps.map((step) => step.detail);
}
