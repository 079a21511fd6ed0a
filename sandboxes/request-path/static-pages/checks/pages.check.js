// Each check starts the app (app.js) and the learner's proxy (proxy.js) in front of it, then asks the app
// itself (GET /__app/renders) how many times it rendered each page. Counts are exact.

async function startStack(t) {
  const app = await t.start({ command: 'node app.js' });
  const proxy = await t.start({ command: 'node proxy.js', env: { APP_PORT: String(app.port) } });
  return { app, proxy };
}

async function renders(t, app) {
  return JSON.parse((await t.http(app, '/__app/renders')).body);
}

async function through(t, proxy, path, options = {}) {
  const res = await t.http(proxy, path, options).catch((err) => err);
  if (res instanceof Error) {
    const exited = proxy.exited ? ' The proxy process has exited: look at its output.' : '';
    t.assert.fail(`${options.method ?? 'GET'} ${path} through the proxy got no answer (${res.message}).${exited}`);
  }
  return res;
}

const priceOf = (html) => /class="price">([^<]*)</.exec(html)?.[1] ?? '(no price on the page)';

async function changePrice(t, proxy, id, cents) {
  const res = await through(t, proxy, `/products/${id}`, {
    method: 'POST',
    body: `price=${cents}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  t.assert.equal(res.status, 303, `status of POST /products/${id} (price=${cents}) through the proxy`);
}

export default [
  {
    id: 'page-rendered-once',
    name: 'Catalogue pages are rendered once by the app, then served by the proxy',
    task: 'store',
    hint: 'Keep a Map in the proxy from path to the page (status, headers, body). A GET for /products or /products/<id> that finds it there never reaches the app.',
    measuresTime: false,
    async run(t) {
      const { app, proxy } = await startStack(t);
      const paths = ['/products', '/products/1', '/products/2'];
      const first = {};
      for (let round = 0; round < 5; round++) {
        for (const path of paths) {
          const res = await through(t, proxy, path);
          t.assert.equal(res.status, 200, `status of GET ${path} through the proxy`);
          first[path] ??= res;
          t.assert.ok(res.body === first[path].body, `GET ${path} answered a different page the ${round + 1}th time.`);
        }
      }
      const counts = await renders(t, app);
      t.log(`renders at the app after 5 GETs of each page: ${JSON.stringify(counts)}`);
      for (const path of paths) {
        t.assert.ok(
          counts[path] === 1,
          `The app rendered ${path} ${counts[path] ?? 0} times for 5 visits. A page that is the same for everyone needs rendering once, not per visitor.`,
          { expected: '1 render', actual: `${counts[path] ?? 0} renders` },
        );
      }
      t.assert.match(first['/products/1'].headers['content-type'] ?? '', /^text\/html/, 'Content-Type of /products/1 served by the proxy');
      const direct = await t.http(app, '/products/1');
      t.assert.equal(first['/products/1'].body, direct.body, 'the page the proxy served for /products/1 (the app renders it so)');
    },
  },
  {
    id: 'cart-not-stored',
    name: 'Pages that differ per visitor (/cart) always come from the app',
    task: 'store',
    hint: "Store only the catalogue pages (the app marks them Cache-Control: public); /cart is private to its user.",
    measuresTime: false,
    async run(t) {
      const { app, proxy } = await startStack(t);
      const ada = await through(t, proxy, '/cart', { headers: { cookie: 'user=ada' } });
      const linus = await through(t, proxy, '/cart', { headers: { cookie: 'user=linus' } });
      t.assert.ok(
        !linus.body.includes("ada's cart"),
        "Linus asked for /cart and got Ada's cart: the proxy stored a page that depends on the cookie and served it to the next visitor.",
        { expected: "linus's cart", actual: /<h1>([^<]*)</.exec(linus.body)?.[1] ?? linus.body.slice(0, 60) },
      );
      t.assert.match(ada.body, /ada's cart/, "Ada's /cart");
      t.assert.match(linus.body, /linus's cart/, "Linus's /cart");
      t.assert.equal((await renders(t, app))['/cart'], 2, 'renders of /cart at the app after two visits');
    },
  },
  {
    id: 'write-refreshes-page',
    name: 'After a price change through the proxy, the next visitor sees the new price',
    task: 'invalidate',
    hint: 'When a POST to a path gets a non-error answer (below 400) from the app, delete that path (and the Location it names) from the store.',
    measuresTime: false,
    async run(t) {
      const { app, proxy } = await startStack(t);
      const before = priceOf((await through(t, proxy, '/products/1')).body);
      await through(t, proxy, '/products/1');
      await changePrice(t, proxy, 1, 1500);
      const after = priceOf((await through(t, proxy, '/products/1')).body);
      t.assert.ok(
        after === '€15.00',
        `The price of product 1 changed from ${before} to €15.00, but the proxy still serves ${after}. A stored page must be invalidated when the data behind it changes.`,
        { expected: '€15.00', actual: after },
      );
      await through(t, proxy, '/products/1');
      t.assert.equal((await renders(t, app))['/products/1'], 2, 'renders of /products/1 (once before the change, once after it)');
    },
  },
  {
    id: 'write-keeps-other-pages',
    name: 'A price change re-renders only the page it changed',
    task: 'invalidate',
    hint: 'Delete just the changed path. Emptying the whole store makes every page render again after each edit — with thousands of pages, a stampede of your own making.',
    measuresTime: false,
    async run(t) {
      const { app, proxy } = await startStack(t);
      for (const path of ['/products', '/products/1', '/products/2', '/products/3']) await through(t, proxy, path);
      await changePrice(t, proxy, 1, 1500);
      for (const path of ['/products', '/products/1', '/products/2', '/products/3']) await through(t, proxy, path);
      const counts = await renders(t, app);
      t.log(`renders at the app: ${JSON.stringify(counts)}`);
      for (const path of ['/products', '/products/2', '/products/3']) {
        t.assert.ok(
          counts[path] === 1,
          `The price of product 1 changed, and ${path} was rendered ${counts[path] ?? 0} times. Its content did not change: keep serving it from the store.`,
          { expected: '1 render', actual: `${counts[path] ?? 0} renders` },
        );
      }
    },
  },
];
