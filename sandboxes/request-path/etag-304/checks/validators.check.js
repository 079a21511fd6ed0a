// Checks for validators and Cache-Control. Each check starts the learner's server and sends the requests a
// browser or a shared cache would: a plain GET, then conditional GETs carrying If-None-Match.

const ETAG_SYNTAX = /^(W\/)?"[\x21\x23-\x7e]*"$/; // RFC 9110 §8.8.3: optional W/, then a quoted opaque tag

async function get(t, app, path, headers = {}) {
  const res = await t.http(app, path, { headers }).catch((err) => err);
  if (res instanceof Error) t.assert.fail(`GET ${path} got no answer (${res.message}). Look at the server's output.`);
  return res;
}

async function catalogue(t, app, headers) {
  const res = await get(t, app, '/api/products', headers);
  if (Object.keys(headers ?? {}).length === 0) t.assert.equal(res.status, 200, 'status of GET /api/products');
  return res;
}

function requireEtag(t, res, which) {
  const etag = res.headers.etag;
  t.assert.ok(etag, `${which} has no ETag header, so a client has nothing to send back in If-None-Match.`, {
    expected: 'ETag: "…"',
    actual: '(no ETag)',
  });
  t.assert.ok(ETAG_SYNTAX.test(etag), `${which}: the ETag must be a quoted string, optionally after W/ (RFC 9110 §8.8.3).`, {
    expected: '"abc123" or W/"abc123"',
    actual: etag,
  });
  return etag;
}

function directives(cacheControl) {
  return new Map(
    (cacheControl ?? '')
      .split(',')
      .map((d) => d.trim().toLowerCase())
      .filter(Boolean)
      .map((d) => {
        const [name, value] = d.split('=');
        return [name.trim(), value?.trim().replace(/^"|"$/g, '')];
      }),
  );
}

async function changePrice(t, app) {
  const res = await t.http(app, '/api/products/2/price', { method: 'POST', body: '1990' });
  t.assert.equal(res.status, 204, 'status of POST /api/products/2/price (the route that changes a price)');
}

export default [
  {
    id: 'etag-stable',
    name: 'The catalogue carries an ETag that stays the same while the data does',
    task: 'validator',
    hint: 'Derive the ETag from the body (a hash of it) or from a version of the data, never from the time or a random id.',
    measuresTime: false,
    async run(t) {
      const app = await t.start();
      const first = requireEtag(t, await catalogue(t, app), 'GET /api/products');
      const second = requireEtag(t, await catalogue(t, app), 'A second GET /api/products');
      t.assert.ok(
        first === second,
        'Two GETs of the unchanged catalogue carried different ETags. A validator that changes on every response never matches, so every client downloads the full body every time.',
        { expected: `${first} both times`, actual: `${first}, then ${second}` },
      );
    },
  },
  {
    id: 'etag-changes-with-data',
    name: 'When a price changes, the ETag changes, and a client holding the old one gets the new body',
    task: 'validator',
    hint: 'The ETag must be computed from what is sent now: after a change, the old tag must no longer match.',
    measuresTime: false,
    async run(t) {
      const app = await t.start();
      const before = await catalogue(t, app);
      const oldTag = requireEtag(t, before, 'GET /api/products');
      await changePrice(t, app);
      const after = await catalogue(t, app);
      const newTag = requireEtag(t, after, 'GET /api/products after the change');
      t.assert.ok(newTag !== oldTag, 'The price changed but the ETag did not: clients holding the old copy will be told it is still current.', {
        expected: `something other than ${oldTag}`,
        actual: newTag,
      });
      const revalidated = await catalogue(t, app, { 'if-none-match': oldTag });
      t.assert.ok(
        revalidated.status === 200 && revalidated.body === after.body,
        `A client sent If-None-Match: ${oldTag} (the tag from before the change) and got ${revalidated.status}. It holds an outdated copy: answer 200 with the new body.`,
        { expected: '200 with the new catalogue', actual: `${revalidated.status} ${revalidated.body.slice(0, 60)}` },
      );
    },
  },
  {
    id: 'matching-etag-gets-304',
    name: 'If-None-Match with the current ETag gets 304 Not Modified and no body',
    task: 'conditional',
    hint: 'Compare req.headers["if-none-match"] with the ETag you are about to send; if it matches, res.writeHead(304, …) and end without a body.',
    measuresTime: false,
    async run(t) {
      const app = await t.start();
      const full = await catalogue(t, app);
      const etag = requireEtag(t, full, 'GET /api/products');
      for (const header of [etag, `"not-this-one", ${etag}`, '*']) {
        const res = await catalogue(t, app, { 'if-none-match': header });
        t.assert.ok(
          res.status === 304,
          `GET /api/products with If-None-Match: ${header} got ${res.status} and ${res.body.length} bytes. The client already holds this version: ` +
            '304 saves sending it again. (If-None-Match may list several tags, or be "*".)',
          { expected: '304', actual: `${res.status} (${res.body.length} bytes)` },
        );
        t.assert.equal(res.body, '', `body of the 304 for If-None-Match: ${header}`);
      }
    },
  },
  {
    id: 'other-etag-gets-200',
    name: 'If-None-Match naming a different ETag gets the full 200 response',
    task: 'conditional',
    hint: 'Only a tag equal to the current one (ignoring a W/ prefix) means "not modified"; anything else gets the full body.',
    measuresTime: false,
    async run(t) {
      const app = await t.start();
      const full = await catalogue(t, app);
      for (const header of ['"some-other-version"', 'W/"stale-1", "stale-2"']) {
        const res = await catalogue(t, app, { 'if-none-match': header });
        t.assert.ok(
          res.status === 200 && res.body === full.body,
          `GET /api/products with If-None-Match: ${header} (not the current ETag, ${full.headers.etag}) got ${res.status}. ` +
            'A 304 tells the client to keep using the copy it has — one it does not have, or an outdated one.',
          { expected: '200 with the catalogue', actual: `${res.status} (${res.body.length} bytes)` },
        );
      }
    },
  },
  {
    id: 'not-modified-keeps-headers',
    name: 'A 304 carries the same ETag and Cache-Control as the 200 would',
    task: 'conditional',
    hint: 'RFC 9110 §15.4.5: a 304 must include the Cache-Control, ETag (and Vary, Expires…) that a 200 would have sent.',
    measuresTime: false,
    async run(t) {
      const app = await t.start();
      const full = await catalogue(t, app);
      const etag = requireEtag(t, full, 'GET /api/products');
      const res = await catalogue(t, app, { 'if-none-match': etag });
      t.assert.ok(res.status === 304, `The conditional GET needed for this check got ${res.status} instead of 304 (see the check on 304s above).`, {
        expected: '304',
        actual: res.status,
      });
      t.assert.ok(
        res.headers.etag === etag && res.headers['cache-control'] === full.headers['cache-control'],
        'The 304 lacks the headers the 200 sends. A cache uses them to update its stored copy: without Cache-Control it cannot tell how long the revalidated copy is fresh.',
        {
          expected: `ETag: ${etag}, Cache-Control: ${full.headers['cache-control'] ?? '(as on the 200)'}`,
          actual: `ETag: ${res.headers.etag ?? '(none)'}, Cache-Control: ${res.headers['cache-control'] ?? '(none)'}`,
        },
      );
    },
  },
  {
    id: 'catalogue-cacheable',
    name: 'The catalogue may be stored by shared caches (CDN, proxy) for a while',
    task: 'directives',
    hint: 'Send Cache-Control: public, max-age=60 (a freshness lifetime; public is harmless here), with no private or no-store.',
    measuresTime: false,
    async run(t) {
      const app = await t.start();
      const res = await catalogue(t, app);
      const cc = directives(res.headers['cache-control']);
      const lifetime = Number(cc.get('s-maxage') ?? cc.get('max-age') ?? 0);
      t.assert.ok(
        !cc.has('private') && !cc.has('no-store') && lifetime > 0,
        'The catalogue is the same for everyone: say that shared caches may store it, and for how long.',
        { expected: 'Cache-Control: public, max-age=60 (any max-age or s-maxage > 0, no private or no-store)', actual: res.headers['cache-control'] ?? '(no Cache-Control)' },
      );
    },
  },
  {
    id: 'personal-is-private',
    name: "A user's own data (/api/me) is never stored by shared caches",
    task: 'directives',
    hint: 'Cache-Control: private (only the browser may store it), or no-store. Never public or s-maxage on a response that depends on the cookie.',
    measuresTime: false,
    async run(t) {
      const app = await t.start();
      const ada = await get(t, app, '/api/me', { cookie: 'user=ada' });
      t.assert.equal(ada.status, 200, 'status of GET /api/me');
      const cc = directives(ada.headers['cache-control']);
      t.assert.ok(
        (cc.has('private') || cc.has('no-store')) && !cc.has('public') && !cc.has('s-maxage'),
        "/api/me returns Ada's cart. If a shared cache stores it, the next visitor through that cache gets Ada's cart.",
        { expected: 'Cache-Control: private, no-cache (or no-store)', actual: ada.headers['cache-control'] ?? '(no Cache-Control)' },
      );
    },
  },
];
