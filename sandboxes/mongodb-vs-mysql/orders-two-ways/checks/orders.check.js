// Checks for orders-two-ways: the learner's schema is created in real SQLite and must accept the shop and refuse
// broken rows; their SQL queries and aggregation pipelines run on the same shop and must give the same answers,
// which the check computes from the data with plain JavaScript.
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

async function openShopSql(t) {
  const { openDatabase } = await t.import('sqlite.js');
  const db = await openDatabase();
  const schema = readFileSync(join(t.dir, 'schema.sql'), 'utf8');
  try {
    await db.exec(schema);
  } catch (error) {
    t.assert.fail(`schema.sql did not run in SQLite: ${error.message}`);
  }
  return db;
}

async function loadShopSql(t, db) {
  const shop = await t.import('shop-data.js');
  try {
    await shop.loadRows(db);
  } catch (error) {
    t.assert.fail(`Loading the shop into your tables failed: ${error.message}. The schema must accept every valid row (column names are fixed).`);
  }
  return shop;
}

async function rejects(db, sql, params) {
  try {
    await db.run(sql, params);
    return null;
  } catch (error) {
    return error.message;
  }
}

/** The three answers, computed from the shop data without any database. */
function expectedAnswers({ customers, orders }) {
  const nameOf = new Map(customers.map((c) => [c.id, c.name]));
  const revenue = new Map();
  const units = new Map();
  for (const order of orders) {
    for (const line of order.items) {
      revenue.set(order.customerId, (revenue.get(order.customerId) ?? 0) + line.qty * line.unitPriceCents);
      units.set(line.sku, (units.get(line.sku) ?? 0) + line.qty);
    }
  }
  const ordered = new Set(orders.map((o) => o.customerId));
  return {
    revenuePerCustomer: [...revenue].map(([id, cents]) => ({ customer: nameOf.get(id), revenue: cents })).sort((a, b) => b.revenue - a.revenue),
    topProducts: [...units].map(([sku, n]) => ({ sku, units: n })).sort((a, b) => b.units - a.units).slice(0, 3),
    neverOrdered: customers.filter((c) => !ordered.has(c.id)).map((c) => ({ customer: c.name })).sort((a, b) => a.customer.localeCompare(b.customer)),
  };
}

const QUESTIONS = {
  revenuePerCustomer: 'revenue per customer (sum of qty × unit price over every line of every order)',
  topProducts: 'the three SKUs with the most units sold',
  neverOrdered: 'customers who never ordered',
};

const kebab = (name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * A check that one question's answer, from `ask(t, question)`, equals the answer computed from the shop data.
 * `engine` names the model in the check's id and name: 'sql' or 'mongo'.
 */
function answerCheck(engine, question, advice, ask) {
  return {
    id: `${engine}-${kebab(question)}`,
    name: `${engine === 'sql' ? 'SQL' : 'Aggregation'} answers: ${QUESTIONS[question]}`,
    task: `${engine}-answers`,
    hint: advice,
    measuresTime: false,
    async run(t) {
      const shop = await t.import('shop-data.js');
      const actual = await ask(t, shop);
      t.assert.equal(actual, expectedAnswers(shop)[question], `${QUESTIONS[question]} (${question}). ${advice}`);
    },
  };
}

function sqlCheck(question, advice) {
  return answerCheck('sql', question, advice, async (t) => {
    const db = await openShopSql(t);
    await loadShopSql(t, db);
    const { sql } = await t.import('queries.js');
    return db.all(sql[question]).catch((error) => t.assert.fail(`sql.${question} failed in SQLite: ${error.message}`));
  });
}

function mongoCheck(question, collection, advice) {
  return answerCheck('mongo', question, advice, async (t, shop) => {
    const { openStore } = await t.import('documents.js');
    const store = openStore(mkdtempSync(join(t.dir, 'check-store-')));
    await shop.loadDocuments(store);
    const { mongo } = await t.import('queries.js');
    return store.collection(collection).aggregate(mongo[question]).catch((error) => t.assert.fail(`mongo.${question} failed on ${collection}: ${error.message}`));
  });
}

export default [
  {
    id: 'schema-accepts-shop',
    name: 'The schema runs and accepts every order of the shop',
    task: 'schema',
    measuresTime: false,
    async run(t) {
      await loadShopSql(t, await openShopSql(t));
    },
  },
  {
    id: 'schema-rejects-missing-customer',
    name: 'An order for a customer who does not exist is rejected, and so is a line for an order that does not exist',
    task: 'schema',
    hint: 'customer_id TEXT NOT NULL REFERENCES customers (id) — and the same for order_items.order_id.',
    measuresTime: false,
    async run(t) {
      const db = await openShopSql(t);
      await loadShopSql(t, db);
      const order = await rejects(db, "INSERT INTO orders (id, customer_id, placed_at) VALUES ('o9', 'nobody', '2026-04-01')");
      t.assert.ok(order, 'An order for customer "nobody" was stored. Without a foreign key the database accepts orders that point nowhere; revenue reports then silently lose them.', { expected: 'a FOREIGN KEY constraint error', actual: 'the row was inserted' });
      const orphanLine = await rejects(db, "INSERT INTO order_items (order_id, sku, qty, unit_price_cents) VALUES ('o99', 'pen', 1, 250)");
      t.assert.ok(orphanLine, 'A line for order "o99", which does not exist, was stored. order_items.order_id needs a foreign key to orders.', { expected: 'a FOREIGN KEY constraint error', actual: 'the row was inserted' });
      const noCustomer = await rejects(db, "INSERT INTO orders (id, customer_id, placed_at) VALUES ('o10', NULL, '2026-04-01')");
      t.assert.ok(noCustomer, 'An order without a customer (customer_id NULL) was stored: a foreign key allows NULL, so add NOT NULL too.', { expected: 'a NOT NULL constraint error', actual: 'the row was inserted' });
    },
  },
  {
    id: 'schema-rejects-bad-lines',
    name: 'An order line with zero or negative quantity, or without a price, is rejected',
    task: 'schema',
    hint: 'qty INTEGER NOT NULL CHECK (qty > 0), unit_price_cents INTEGER NOT NULL',
    measuresTime: false,
    async run(t) {
      const db = await openShopSql(t);
      await loadShopSql(t, db);
      for (const [qty, price, what] of [[0, 250, 'quantity 0'], [-2, 250, 'quantity -2'], [1, null, 'no price']]) {
        const error = await rejects(db, "INSERT INTO order_items (order_id, sku, qty, unit_price_cents) VALUES ('o2', 'quill', ?, ?)", [qty, price]);
        t.assert.ok(error, `A line with ${what} was stored. A CHECK or NOT NULL constraint refuses it in the database, whichever program writes.`, { expected: 'a constraint error', actual: 'the row was inserted' });
      }
    },
  },
  sqlCheck('revenuePerCustomer', 'JOIN customers → orders → order_items, GROUP BY the customer, SUM(qty * unit_price_cents), ORDER BY revenue DESC.'),
  sqlCheck('topProducts', 'GROUP BY sku over order_items, SUM(qty) AS units, ORDER BY units DESC, LIMIT 3.'),
  sqlCheck('neverOrdered', 'LEFT JOIN orders and keep the rows where the order side IS NULL (or use NOT EXISTS).'),
  mongoCheck('revenuePerCustomer', 'orders', 'Lines are embedded: $unwind "$items" first, then $group by "$customerId" with $sum of $multiply; $lookup the name from customers; $project to { customer, revenue } without _id; $sort.'),
  mongoCheck('topProducts', 'orders', '$unwind "$items", then $group by "$items.sku" with units: { $sum: "$items.qty" }; $sort, $limit 3, $project { _id: 0, sku: "$_id", units: 1 }.'),
  mongoCheck('neverOrdered', 'customers', 'Start from customers: $lookup orders (localField "_id", foreignField "customerId"), $match the ones whose lookup array has $size 0, $sort by name, $project { _id: 0, customer: "$name" }.'),
];
