// Checks for the cache-aside layer. Time is a fake clock: TTLs pass in no time, and the database answers
// exactly when the check moves the clock past its latency. Query counts are exact.

const LATENCY = 100;
const TTL = 1000;
const STALE = 5000;
const CROWD = 20;

async function setup(t, { staleMs = 0 } = {}) {
  const clock = t.useFakeClock(0);
  const { createDb } = await t.import('db.js');
  const { createCache } = await t.import('cache.js');
  const db = createDb({ latencyMs: LATENCY });
  const cache = createCache({ load: (id) => db.query(id), ttlMs: TTL, staleMs });
  // Watches one call of cache.get without waiting for it, so a check can ask whether it has answered yet.
  const get = (key) => {
    const call = { done: false, value: undefined, error: undefined };
    call.settled = (async () => cache.get(key))().then(
      (value) => Object.assign(call, { done: true, value }),
      (error) => Object.assign(call, { done: true, error }),
    );
    return call;
  };
  // The value is in the cache and fresh: loaded once at LATENCY ms.
  const warm = async (key) => {
    const call = get(key);
    await clock.tick(LATENCY);
    t.assert.ok(call.done && !call.error, `The first cache.get('${key}') did not answer ${LATENCY} ms after it asked the database (which answers in ${LATENCY} ms).`, {
      expected: `{ id: '${key}', … }`,
      actual: call.error ? `rejected: ${call.error.message}` : 'still waiting',
    });
    return call.value;
  };
  // Product 1 is loaded, then its price changes in the database, then `ms` pass: the cached value is `ms` old.
  const loadThenChangePrice = async (ms) => {
    await warm('1');
    db.setPrice('1', 2099);
    await clock.tick(ms);
  };
  return { clock, db, cache, get, warm, loadThenChangePrice };
}

function expectQueries(t, db, expected, situation) {
  t.assert.ok(db.queries === expected, `${situation}: the database received ${db.queries} quer${db.queries === 1 ? 'y' : 'ies'}; it should have received ${expected}.`, {
    expected: `${expected} quer${expected === 1 ? 'y' : 'ies'}`,
    actual: `${db.queries} quer${db.queries === 1 ? 'y' : 'ies'}`,
  });
}

function expectAnswered(t, calls, price, situation) {
  const waiting = calls.filter((c) => !c.done).length;
  t.assert.ok(waiting === 0, `${situation}: ${waiting} of ${calls.length} callers got no answer.`, { expected: 'every caller answered', actual: `${waiting} still waiting` });
  const failed = calls.find((c) => c.error);
  t.assert.ok(!failed, `${situation}: a caller's get() rejected with "${failed?.error?.message}".`);
  const wrong = calls.find((c) => c.value?.price !== price);
  t.assert.ok(!wrong, `${situation}: a caller got ${JSON.stringify(wrong?.value)}.`, { expected: `price ${price}`, actual: JSON.stringify(wrong?.value) });
}

export default [
  {
    id: 'hit-within-ttl',
    name: 'Within the TTL, a value comes from the cache without a query',
    task: 'ttl',
    measuresTime: false,
    async run(t) {
      const { clock, db, get, warm } = await setup(t);
      await warm('1');
      await clock.tick(TTL / 2);
      const call = get('1');
      await clock.tick(0);
      expectAnswered(t, [call], 1999, `cache.get('1') ${TTL / 2} ms after it was loaded, with a TTL of ${TTL} ms`);
      expectQueries(t, db, 1, 'Two reads of product 1 within the TTL');
    },
  },
  {
    id: 'reload-after-ttl',
    name: 'Once the TTL has passed, the next read loads the value again and sees the change',
    task: 'ttl',
    hint: 'Store when each value was loaded (Date.now()) and treat an entry older than ttlMs as a miss.',
    measuresTime: false,
    async run(t) {
      const { clock, db, get, loadThenChangePrice } = await setup(t);
      await loadThenChangePrice(TTL + 10);
      const call = get('1');
      await clock.tick(LATENCY);
      t.assert.ok(
        call.value?.price !== 1999,
        `The price changed in the database and the TTL (${TTL} ms) passed, yet cache.get('1') still answered 1999. ` +
          'Without an expiry a cache-aside entry is wrong forever after the first update.',
        { expected: 'price 2099 (loaded again)', actual: `price ${call.value?.price}` },
      );
      expectAnswered(t, [call], 2099, `cache.get('1') ${TTL + 10} ms after the value was loaded`);
      expectQueries(t, db, 2, 'One load, then one more after the TTL');
    },
  },
  {
    id: 'one-query-per-stampede',
    name: `${CROWD} concurrent misses for one key make exactly one database query`,
    task: 'coalesce',
    hint: 'Keep a Map of loads in progress (key → promise). A miss that finds a promise there waits for it instead of querying.',
    measuresTime: false,
    async run(t) {
      const { clock, db, get } = await setup(t);
      const calls = Array.from({ length: CROWD }, () => get('1'));
      await clock.tick(LATENCY);
      expectQueries(t, db, 1, `${CROWD} concurrent cache.get('1') on an empty cache (a stampede)`);
      expectAnswered(t, calls, 1999, `${CROWD} concurrent cache.get('1')`);
    },
  },
  {
    id: 'one-query-per-key',
    name: 'Concurrent misses for different keys make one query per key, each with its own value',
    task: 'coalesce',
    hint: 'Coalesce per key: waiting for a load of product 1 must not hold up, or answer for, product 2.',
    measuresTime: false,
    async run(t) {
      const { clock, db, get } = await setup(t);
      const calls = { 1: [], 2: [], 3: [] };
      for (let i = 0; i < 5; i++) for (const key of ['1', '2', '3']) calls[key].push(get(key));
      await clock.tick(LATENCY);
      expectQueries(t, db, 3, '5 concurrent cache.get() for each of products 1, 2 and 3');
      expectAnswered(t, calls[1], 1999, "cache.get('1')");
      expectAnswered(t, calls[2], 2499, "cache.get('2')");
      expectAnswered(t, calls[3], 999, "cache.get('3')");
    },
  },
  {
    id: 'failure-not-cached',
    name: 'A failed query rejects its callers and is not kept: the next read queries again',
    task: 'coalesce',
    hint: 'Remove the key from the loads in progress when the load fails too (promise.finally), and store only values that arrived.',
    measuresTime: false,
    async run(t) {
      const { clock, db, get } = await setup(t);
      db.failNext(1);
      const failing = get('1');
      await clock.tick(LATENCY);
      t.assert.ok(failing.done, `cache.get('1') did not settle ${LATENCY} ms after the failed query.`);
      t.assert.ok(
        failing.error,
        `The query failed, yet cache.get('1') resolved with ${JSON.stringify(failing.value)}. Let the error reach the caller, who can answer 503.`,
        { expected: 'a rejected promise', actual: `resolved with ${JSON.stringify(failing.value)}` },
      );
      const next = get('1');
      await clock.tick(LATENCY);
      t.assert.ok(
        !next.error,
        `The database is back, yet the next cache.get('1') rejected with "${next.error?.message}" (${db.queries} quer${db.queries === 1 ? 'y' : 'ies'} made): ` +
          'the failed load was kept and handed out again. A cached failure lasts until the process restarts.',
        { expected: 'a fresh query and the product', actual: `rejected: ${next.error?.message}` },
      );
      expectAnswered(t, [next], 1999, "cache.get('1') after a failed query");
      expectQueries(t, db, 2, 'A failed query, then a read after it');
    },
  },
  {
    id: 'stale-served-at-once',
    name: 'Past the TTL but within staleMs, the old value is served at once while a refresh runs',
    task: 'swr',
    hint: 'Past ttlMs but before ttlMs + staleMs: start the load without awaiting it, and return the value you have.',
    measuresTime: false,
    async run(t) {
      const { clock, db, get, loadThenChangePrice } = await setup(t, { staleMs: STALE });
      await loadThenChangePrice(TTL + 10);
      const stale = get('1');
      await clock.tick(0);
      t.assert.ok(
        stale.done,
        `${TTL + 10} ms after loading (TTL ${TTL} ms, staleMs ${STALE} ms), cache.get('1') made its caller wait for the database. ` +
          'With stale-while-revalidate the caller gets the stale value at once and the refresh happens behind it.',
        { expected: 'an answer without waiting', actual: 'waiting for the query' },
      );
      expectAnswered(t, [stale], 1999, `cache.get('1') in the stale window`);
      expectQueries(t, db, 2, 'A stale read (it should start one refresh)');
      await clock.tick(LATENCY);
      const fresh = get('1');
      await clock.tick(0);
      expectAnswered(t, [fresh], 2099, 'cache.get(\'1\') once the refresh finished');
      expectQueries(t, db, 2, 'A stale read and a read after its refresh');
    },
  },
  {
    id: 'one-refresh-for-many',
    name: `${CROWD} concurrent stale reads start exactly one refresh`,
    task: 'swr',
    hint: 'The refresh is a load like any other: share it through the same map of loads in progress.',
    measuresTime: false,
    async run(t) {
      const { clock, db, get, loadThenChangePrice } = await setup(t, { staleMs: STALE });
      await loadThenChangePrice(TTL + 10);
      const calls = Array.from({ length: CROWD }, () => get('1'));
      await clock.tick(LATENCY);
      expectAnswered(t, calls, 1999, `${CROWD} concurrent cache.get('1') in the stale window`);
      expectQueries(t, db, 2, `The first load, then ${CROWD} concurrent stale reads`);
      const fresh = get('1');
      await clock.tick(0);
      expectAnswered(t, [fresh], 2099, "cache.get('1') after the refresh");
    },
  },
  {
    id: 'too-stale-waits',
    name: 'Past ttlMs + staleMs, a value is too old to serve: the caller waits for a fresh one',
    task: 'swr',
    hint: 'Serve stale only while Date.now() - storedAt < ttlMs + staleMs; after that it is a miss.',
    measuresTime: false,
    async run(t) {
      const { clock, db, get, loadThenChangePrice } = await setup(t, { staleMs: STALE });
      await loadThenChangePrice(TTL + STALE + 10);
      const call = get('1');
      await clock.tick(0);
      t.assert.ok(
        !call.done,
        `${TTL + STALE + 10} ms after loading (TTL ${TTL} ms + staleMs ${STALE} ms), cache.get('1') answered at once with ${JSON.stringify(call.value)}. ` +
          'Beyond the stale window the old value must not be served: wait for the database.',
        { expected: 'wait for a fresh query', actual: `answered ${JSON.stringify(call.value)}` },
      );
      await clock.tick(LATENCY);
      expectAnswered(t, [call], 2099, "cache.get('1') past the stale window");
      expectQueries(t, db, 2, 'A load, then a read past the stale window');
    },
  },
];
