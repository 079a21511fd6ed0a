// Checks for the shop: the rules on the model directly, then each entry point with a fake model, then all three for real.
// The lesson's check helpers are imported when a check runs, not when this file loads: the list of checks can then be
// read from the exercise folder alone, where ./_shared/ is not laid (it is only in a grading run).
const helpers = () => import('./_shared/http.js');

const USERS = [
  { id: 1, name: 'ann', member: true, staff: false },
  { id: 2, name: 'bob', member: false, staff: false },
  { id: 3, name: 'sam', member: false, staff: true },
];
const line = (item, cents, qty = 1) => ({ item, cents, qty });
/** Each order with what it must cost, and why. */
const CASES = [
  { order: { id: 1, customer: 'bob', coupon: null, lines: [line('Mug', 1200, 2)] }, price: { subtotal: 2400, discount: 0, shipping: 490, total: 2890 }, why: 'not a member, under 50.00: shipping 4.90' },
  { order: { id: 2, customer: 'ann', coupon: null, lines: [line('Tea', 3000, 4)] }, price: { subtotal: 12000, discount: 1200, shipping: 0, total: 10800 }, why: 'member, 120.00: 10% off, free shipping' },
  { order: { id: 3, customer: 'ann', coupon: null, lines: [line('Teapot', 10000)] }, price: { subtotal: 10000, discount: 1000, shipping: 0, total: 9000 }, why: 'member, exactly 100.00: the discount starts at 100.00' },
  { order: { id: 4, customer: 'bob', coupon: 'TENOFF', lines: [line('Kettle', 5500)] }, price: { subtotal: 5500, discount: 1000, shipping: 490, total: 4990 }, why: 'coupon brings 55.00 under 50.00: shipping is charged on what is left' },
  { order: { id: 5, customer: 'bob', coupon: 'TENOFF', lines: [line('Spoon', 600)] }, price: { subtotal: 600, discount: 600, shipping: 490, total: 490 }, why: 'a coupon worth more than the order: never below zero' },
  { order: { id: 6, customer: 'ann', coupon: 'TENOFF', lines: [line('Cup', 3333, 3)] }, price: { subtotal: 9999, discount: 1000, shipping: 0, total: 8999 }, why: 'member at 99.99: no member discount, coupon only' },
  { order: { id: 7, customer: 'ann', coupon: null, lines: [line('Samovar', 12345)] }, price: { subtotal: 12345, discount: 1235, shipping: 0, total: 11110 }, why: 'member, 10% of 123.45 rounds to 12.35' },
];
const SHOP = { users: USERS, orders: CASES.map((c) => c.order) };

async function realModels(t) {
  const [{ MemoryStore }, { makeModels }] = await Promise.all([t.import('mini/store.js'), t.import('models.js')]);
  const models = makeModels(new MemoryStore(SHOP));
  for (const method of ['price', 'canBeSeenBy']) {
    t.assert.ok(
      typeof models.Order?.[method] === 'function',
      `models.js: Order has no ${method}() method yet — the rule still lives in the views. Add it next to the table's query methods.`,
      { expected: `Order.${method}`, actual: Object.keys(models.Order ?? {}).join(', ') },
    );
  }
  return models;
}

/** A stand-in for the shop's models with rules of its own: an entry point that computes anything itself shows the wrong thing. */
function fakeModels({ allow }) {
  const order = { id: 7, customer: 'ann', coupon: null, lines: [line('Fake tea', 5000)] };
  const nameOf = (user) => (typeof user === 'string' ? user : (user?.name ?? null));
  return {
    User: { get: ({ name }) => (name ? { id: 99, name, member: true, staff: false } : null) },
    Order: {
      get: ({ id }) => (id === 7 ? structuredClone(order) : null),
      price: () => ({ subtotal: 5000, discount: 758, shipping: 0, total: 4242 }),
      canBeSeenBy: (_order, user) => allow(nameOf(user)),
    },
  };
}

async function serveWithFake(t, allow) {
  const [{ urlpatterns }, { serveApp }] = await Promise.all([t.import('urls.js'), helpers()]);
  return serveApp(t, { routes: urlpatterns, templates: 'templates', models: fakeModels({ allow }) });
}

const pageTotal = (html) => /class="total">([^<]*)</.exec(html)?.[1]?.trim();
const apiTotal = (body) => {
  try {
    return JSON.parse(body).total;
  } catch {
    return undefined;
  }
};

export default [
  {
    id: 'model-prices',
    name: 'Order.price(order) applies the member discount, the coupon and shipping correctly',
    task: 'model-rules',
    measuresTime: false,
    async run(t) {
      const { Order } = await realModels(t);
      for (const { order, price, why } of CASES) t.assert.equal(Order.price(structuredClone(order)), price, `Order.price for order ${order.id} (${why})`);
    },
  },
  {
    id: 'model-permission',
    name: 'Order.canBeSeenBy lets the customer and staff see an order, and nobody else',
    task: 'model-rules',
    measuresTime: false,
    async run(t) {
      const { Order } = await realModels(t);
      const anns = structuredClone(CASES[1].order);
      const who = { ann: USERS[0], bob: USERS[1], sam: USERS[2], 'nobody signed in (null)': null };
      const expected = { ann: true, bob: false, sam: true, 'nobody signed in (null)': false };
      const actual = Object.fromEntries(Object.entries(who).map(([name, user]) => [name, Boolean(Order.canBeSeenBy(anns, user))]));
      t.assert.equal(actual, expected, "who may see ann's order (ann is its customer, sam is staff)");
    },
  },
  {
    id: 'views-follow-model-price',
    name: 'The page and the API show exactly the price the model returns',
    task: 'views-use-model',
    measuresTime: false,
    async run(t) {
      const app = await serveWithFake(t, () => true);
      const page = await app.get('/orders/7/', { headers: { 'x-user': 'ann' } });
      t.assert.equal(page.status, 200, 'status of the order page (the model allows everyone here)');
      t.assert.ok(
        pageTotal(page.body) === '42.42',
        `The model's price() says the total is 42.42, but the page shows ${pageTotal(page.body) ?? 'no total'}: orderPage still computes the price itself. Pass Order.price(order) to the template as \`price\`.`,
        { expected: '42.42', actual: pageTotal(page.body) },
      );
      const api = await app.get('/api/orders/7/', { headers: { 'x-user': 'ann' } });
      t.assert.equal(api.status, 200, 'status of the order API (the model allows everyone here)');
      t.assert.ok(
        apiTotal(api.body) === 4242,
        `The model's price() says the total is 4242 cents, but the API answers ${apiTotal(api.body)}: orderApi keeps its own copy of the pricing rules. Even a copy that is right today drifts the day the rules change; answer with Order.price(order).`,
        { expected: 4242, actual: apiTotal(api.body) },
      );
    },
  },
  {
    id: 'views-follow-model-permission',
    name: 'The page and the API refuse (403) exactly when the model’s canBeSeenBy says no',
    task: 'views-use-model',
    measuresTime: false,
    async run(t) {
      // This model's rule: only "zed" may see the order — not even ann, its customer.
      const app = await serveWithFake(t, (name) => name === 'zed');
      for (const path of ['/orders/7/', '/api/orders/7/']) {
        for (const [user, status] of [['ann', 403], [null, 403], ['zed', 200]]) {
          const answer = await app.get(path, { headers: user ? { 'x-user': user } : {} });
          t.assert.ok(
            answer.status === status,
            status === 403
              ? `${path} as ${user ?? 'nobody'} answered ${answer.status}, although the model's canBeSeenBy said no. The view decides permission by itself (or not at all); ask Order.canBeSeenBy(order, User.get({ name: request.user })).`
              : `${path} as zed answered ${answer.status}, although the model's canBeSeenBy said yes: the view applies a rule of its own.`,
            { expected: status, actual: answer.status },
          );
        }
      }
    },
  },
  {
    id: 'cli-follows-model',
    name: 'The invoice shows the model’s total and refuses users the model refuses',
    task: 'cli-uses-model',
    measuresTime: false,
    async run(t) {
      const { invoice } = await t.import('commands/invoice.js');
      const text = invoice({ orderId: 7, user: 'ann' }, fakeModels({ allow: () => true }));
      const total = /^\s*Total\s+(\S+)/m.exec(text)?.[1];
      t.assert.ok(
        total === '42.42',
        `The model's price() says 42.42, but the invoice's Total line says ${total ?? '(no "Total" line)'}: the command adds the order up itself. Use Order.price(order).`,
        { expected: 'Total 42.42', actual: total ? `Total ${total}` : text.slice(0, 120) },
      );
      let refused = false;
      try {
        invoice({ orderId: 7, user: 'ann' }, fakeModels({ allow: () => false }));
      } catch {
        refused = true;
      }
      t.assert.ok(refused, "The model's canBeSeenBy said no, yet the command printed the invoice. Ask Order.canBeSeenBy and throw an Error when it refuses.", { expected: 'an Error', actual: 'an invoice' });
    },
  },
  {
    id: 'entry-points-agree',
    name: 'With the real model, the page, the API and the invoice agree on the total',
    task: 'cli-uses-model',
    measuresTime: false,
    async run(t) {
      const [{ urlpatterns }, { invoice }, { serveApp }] = await Promise.all([t.import('urls.js'), t.import('commands/invoice.js'), helpers()]);
      const models = await realModels(t);
      const app = await serveApp(t, { routes: urlpatterns, templates: 'templates', models });
      const page = await app.get('/orders/2/?as=ann');
      const api = await app.get('/api/orders/2/?as=ann');
      const cliTotal = /^\s*Total\s+(\S+)/m.exec(invoice({ orderId: 2, user: 'ann' }, models))?.[1];
      const totals = { page: pageTotal(page.body), api: apiTotal(api.body) === undefined ? undefined : (apiTotal(api.body) / 100).toFixed(2), invoice: cliTotal };
      t.assert.equal(totals, { page: '108.00', api: '108.00', invoice: '108.00' }, "the total of ann's order 2 (a member's 120.00, so 10% off and free shipping) at each entry point");
    },
  },
];
