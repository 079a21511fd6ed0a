// Checks for indexes-you-can-see: the learner's indexes.sql runs on real SQLite after the tables are filled;
// the checks read SQLite's own query plan (EXPLAIN QUERY PLAN) for the app's fixed queries, never the SQL text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

async function openIndexedDb(t) {
  const { openDatabase } = await t.import('sqlite.js');
  const app = await t.import('app.js');
  const db = await openDatabase();
  await app.createTables(db);
  await app.seed(db, { users: 400, eventsPerUser: 10 });
  try {
    await db.exec(readFileSync(join(t.dir, 'indexes.sql'), 'utf8'));
  } catch (error) {
    t.assert.fail(`indexes.sql did not run in SQLite: ${error.message}`);
  }
  return { db, app };
}

async function planFor(t, name) {
  const { db, app } = await openIndexedDb(t);
  const plan = await app.planOf(db, app.QUERIES[name]);
  t.log(`plan for ${name}:\n  ${plan.join('\n  ')}`);
  return { plan, db };
}

export default [
  {
    id: 'email-lookup-uses-index',
    name: 'Sign-in finds the user through an index on email instead of scanning every user',
    task: 'lookup',
    hint: 'CREATE UNIQUE INDEX users_email ON users (email);',
    measuresTime: false,
    async run(t) {
      const { plan } = await planFor(t, 'userByEmail');
      t.assert.ok(
        plan.some((step) => /^SEARCH users USING (COVERING )?INDEX \S+ \(email=\?\)/.test(step)),
        'SQLite still reads every row of users to find one e-mail address: its plan has no SEARCH on an index over email.',
        { expected: 'SEARCH users USING INDEX <name> (email=?)', actual: plan.join(' / ') },
      );
    },
  },
  {
    id: 'email-unique',
    name: 'A second account with an e-mail address already in use is rejected',
    task: 'lookup',
    hint: 'A UNIQUE index is both: a fast lookup and a rule the database enforces.',
    measuresTime: false,
    async run(t) {
      const { db } = await openIndexedDb(t);
      let error = null;
      try {
        await db.run("INSERT INTO users (email, name) VALUES ('user1@example.com', 'Impostor')");
      } catch (caught) {
        error = caught;
      }
      t.assert.ok(error, 'A second user with user1@example.com was stored. Sign-in would then find two accounts; a UNIQUE index makes the database refuse the duplicate.', {
        expected: 'UNIQUE constraint failed: users.email',
        actual: 'the row was inserted',
      });
    },
  },
  {
    id: 'recent-events-seeks-both-columns',
    name: 'The activity page seeks straight to one user\'s events since the date, using one index for both conditions',
    task: 'compound',
    hint: 'A compound index: the equality column first, the range column second — events (user_id, created_at).',
    measuresTime: false,
    async run(t) {
      const { plan } = await planFor(t, 'recentEvents');
      const search = plan.find((step) => /^SEARCH events USING (COVERING )?INDEX/.test(step));
      t.assert.ok(search, 'SQLite scans the whole events table for the activity page: no index matches its WHERE clause.', {
        expected: 'SEARCH events USING INDEX <name> (user_id=? AND created_at>?)',
        actual: plan.join(' / '),
      });
      t.assert.ok(
        /\(user_id=\? AND created_at>\?\)/.test(search),
        'The index helps with only one of the two conditions, so SQLite walks more of it than it needs and filters the rest row by row. ' +
          'An index on (user_id, created_at) seeks to the user, then to the date, in one step; with the range column (created_at) first, the user cannot be used to seek.',
        { expected: 'SEARCH events USING INDEX <name> (user_id=? AND created_at>?)', actual: search },
      );
    },
  },
  {
    id: 'recent-events-no-sort',
    name: 'The activity page reads events already in date order, without sorting them afterwards',
    task: 'compound',
    hint: 'When the index is (user_id, created_at), the rows of one user come out of it ordered by created_at.',
    measuresTime: false,
    async run(t) {
      const { plan } = await planFor(t, 'recentEvents');
      const sort = plan.find((step) => /USE TEMP B-TREE FOR ORDER BY/.test(step));
      t.assert.ok(
        !sort && plan.some((step) => /^SEARCH events/.test(step)),
        'SQLite collects every matching event and then sorts them to find the latest 20 ("USE TEMP B-TREE FOR ORDER BY"). ' +
          'With created_at right after user_id in the index, it can read the newest 20 in order and stop.',
        { expected: 'a SEARCH on an index, and no USE TEMP B-TREE FOR ORDER BY', actual: plan.join(' / ') },
      );
    },
  },
];
