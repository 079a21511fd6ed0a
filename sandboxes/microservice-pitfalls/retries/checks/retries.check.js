// Checks for the edge's retries. The services run in the check's process on a fake clock with stand-in services
// that fail on cue; Math.random is fixed or seeded, so every delay is exact.
import { createFakeMesh, down, timed } from './_shared/fake-mesh.js';

const NEARLY_ONE = 0.9999999;

async function setup(t, stubs, { random } = {}) {
  if (random) Math.random = random;
  const clock = t.useFakeClock(1_000_000);
  const { services } = await t.import('services.js');
  const retry = await t.import('retry.js');
  return { clock, retry, mesh: createFakeMesh(services, stubs) };
}

/** A stub that answers with the statuses given, one per call, then 200 ('hang' never answers). */
function script(...outcomes) {
  let n = 0;
  return (request) => {
    const next = outcomes[n++] ?? 200;
    if (next === 'hang') return new Promise(() => {});
    return next === 200 || next === 201 ? { status: next, body: { id: 42, inStock: 3 } } : { status: next, body: { error: `status ${next}` } };
  };
}

const order = { method: 'POST', body: { items: ['espresso machine'] } };

export default [
  {
    id: 'get-retried-after-transient-failures',
    name: 'A GET that fails with 503 or times out is tried again, up to 3 attempts in all',
    task: 'retry-safely',
    hint: 'Loop over attempts; retry when ctx.call throws or answers 502, 503 or 504, and stop after MAX_ATTEMPTS.',
    measuresTime: false,
    async run(t) {
      for (const [what, stub, attempts, status] of [
        ['503, 503, then 200', script(503, 503), 3, 200],
        ['a timeout, then 200', script('hang'), 2, 200],
        ['503 every time', down, 3, 503],
      ]) {
        const { clock, mesh } = await setup(t, { inventory: stub });
        const result = await timed(clock, () => mesh.request('edge', '/stock/42'), 30_000);
        const made = mesh.callsTo('inventory').length;
        t.assert.ok(
          made === attempts && result.response?.status === status,
          `Inventory answered ${what}: expected ${attempts} call(s) and a ${status} for the visitor, got ${made} call(s) and ${result.response?.status ?? result.error?.code ?? 'no answer'}.` +
            (made > attempts ? ' More attempts than MAX_ATTEMPTS (3) only add load to a service that is already failing.' : ''),
          { expected: `${attempts} calls, ${status}`, actual: `${made} calls, ${result.response?.status ?? 'no answer'}` },
        );
      }
    },
  },
  {
    id: 'client-errors-not-retried',
    name: 'A 404 is not tried again: asking again cannot change the answer',
    task: 'retry-safely',
    measuresTime: false,
    async run(t) {
      const { clock, mesh } = await setup(t, {});
      await timed(clock, () => mesh.request('edge', '/stock/404'), 30_000);
      t.assert.equal(mesh.callsTo('inventory').length, 1, 'calls to inventory for a product that does not exist (404)');
    },
  },
  {
    id: 'post-not-retried',
    name: 'A POST without an Idempotency-Key is never retried; with one, it is',
    task: 'retry-safely',
    hint: 'GET, HEAD, OPTIONS, PUT and DELETE are idempotent (RFC 9110); a POST only when it carries an idempotency-key header.',
    measuresTime: false,
    async run(t) {
      const plain = await setup(t, { orders: script('hang', 201) });
      await timed(plain.clock, () => plain.mesh.request('edge', '/orders', order), 30_000);
      const made = plain.mesh.callsTo('orders').length;
      t.assert.ok(
        made === 1,
        `The POST /orders timed out and the edge sent it ${made} times. A timeout does not say whether the order was created: the first one may have gone through, and each retry can place another order.`,
        { expected: '1 call', actual: `${made} calls` },
      );
      const keyed = await setup(t, { orders: script('hang', 201) });
      const result = await timed(keyed.clock, () => keyed.mesh.request('edge', '/orders', { ...order, headers: { 'Idempotency-Key': 'order-7f3a' } }), 30_000);
      const calls = keyed.mesh.callsTo('orders');
      t.assert.ok(
        calls.length === 2 && result.response?.status === 201,
        `A POST /orders with an Idempotency-Key timed out once; it should be retried (the server can recognise the key) and succeed. Calls: ${calls.length}, answer: ${result.response?.status ?? 'none'}.`,
      );
      t.assert.equal(calls[1].headers['idempotency-key'], 'order-7f3a', 'idempotency-key header on the retried POST');
    },
  },
  {
    id: 'backoff-doubles-up-to-cap',
    name: 'backoffDelay grows 100, 200, 400 ms … and never passes 2 s',
    task: 'backoff',
    hint: 'Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (retry - 1)), times random().',
    measuresTime: false,
    async run(t) {
      const { backoffDelay } = await t.import('retry.js');
      for (const [retry, ceiling] of [[1, 100], [2, 200], [3, 400], [4, 800], [10, 2000], [60, 2000]]) {
        const delay = backoffDelay(retry, () => NEARLY_ONE);
        t.assert.ok(
          Number.isFinite(delay) && delay <= ceiling && delay >= ceiling * 0.98,
          `backoffDelay(${retry}, () => 0.9999999) returned ${delay}; expected just under ${ceiling} ms.` +
            (delay > 2000 || !Number.isFinite(delay) ? ' Without a cap, exponential backoff soon waits for minutes or forever: use Math.min(MAX_DELAY_MS, …).' : ''),
          { expected: `just under ${ceiling}`, actual: delay },
        );
      }
    },
  },
  {
    id: 'retries-wait-a-jittered-delay',
    name: 'Each retry waits a random share of the backoff (full jitter), so failed calls do not retry in step',
    task: 'backoff',
    hint: 'Sleep for backoffDelay(attempt) with setTimeout before the next attempt, and make backoffDelay multiply by random().',
    measuresTime: false,
    async run(t) {
      const { backoffDelay } = await t.import('retry.js');
      const spread = new Set([0.1, 0.3, 0.5, 0.7, 0.9].map((r) => Math.round(backoffDelay(2, () => r))));
      t.assert.ok(
        spread.size === 5,
        `backoffDelay(2, random) gave ${[...spread].join(', ')} ms for five different random values. Callers that failed at the same moment and wait the same time come back at the same moment, and fail together again. Pick the delay at random between 0 and the ceiling.`,
      );
      const { clock, mesh } = await setup(t, { inventory: script(503, 503) }, { random: () => 0.5 });
      await timed(clock, () => mesh.request('edge', '/stock/42'), 30_000);
      const at = mesh.callsTo('inventory').map((c) => c.at);
      const gaps = at.slice(1).map((x, i) => x - at[i]);
      t.assert.equal(gaps, [50, 100], 'waits between the attempts (ms) with Math.random() = 0.5: half of 100 ms, then half of 200 ms');
    },
  },
  {
    id: 'outage-calls-bounded-by-budget',
    name: 'During a full outage, inventory gets at most 1.1 × the requests + 3 calls',
    task: 'budget',
    hint: 'Keep tokens in createRetrier: start at RETRY_TOKENS, add TOKENS_PER_REQUEST per call(), spend 1 per retry, and retry only while a whole token is left.',
    measuresTime: false,
    async run(t) {
      const { clock, mesh } = await setup(t, { inventory: down });
      const requests = 200;
      for (let i = 0; i < requests; i++) {
        mesh.request('edge', '/stock/42').catch(() => {});
        await clock.tick(50);
      }
      await clock.tick(30_000);
      const made = mesh.callsTo('inventory').length;
      const limit = Math.floor(1.1 * requests + 3);
      t.assert.ok(
        made <= limit,
        `Inventory was down and the edge received ${requests} requests; inventory got ${made} calls (${(made / requests).toFixed(1)}× the load). Per-request limits still multiply the load on a service that is already down, at every layer that retries. A retry budget (retries at most about 10% of requests) keeps an outage from getting worse.`,
        { expected: `at most ${limit} calls`, actual: `${made} calls` },
      );
    },
  },
  {
    id: 'rare-failures-still-retried',
    name: 'When only one call in ten fails, the budget still lets every one be retried',
    task: 'budget',
    measuresTime: false,
    async run(t) {
      let n = 0;
      const everyTenthFailsOnce = (request) => (++n % 11 === 1 ? { status: 503, body: { error: 'blip' } } : { status: 200, body: { id: 42, inStock: 3 } });
      const { clock, mesh } = await setup(t, { inventory: everyTenthFailsOnce });
      let ok = 0;
      for (let i = 0; i < 100; i++) {
        const result = await timed(clock, () => mesh.request('edge', '/stock/42'), 30_000);
        if (result.response?.status === 200) ok += 1;
      }
      t.assert.ok(
        ok === 100,
        `Inventory failed the first attempt of every tenth request, and only ${ok} of 100 requests got their stock. A transient failure like that is exactly what a retry is for; the budget should refill as requests come in.`,
        { expected: '100 of 100', actual: `${ok} of 100` },
      );
    },
  },
  {
    id: 'live-outage-bounded',
    name: 'On the running mesh, with inventory down, 20 requests make at most 25 calls and a failed POST is sent once',
    task: 'budget',
    measuresTime: false, // counts calls; the few real backoff waits are short and nothing is timed
    async run(t) {
      const app = await t.start({ env: { LAB_LOAD_RATE: '0' } });
      for (const service of ['inventory', 'orders']) {
        const res = await t.http(app, `/fault?service=${service}&mode=down`, { method: 'POST' });
        t.assert.equal(res.status, 200, `status of POST /fault?service=${service}&mode=down`);
      }
      // The orders first, while the budget is full; then the reads, sent together so a busy machine answers them sooner.
      await Promise.all(Array.from({ length: 3 }, () => t.http(app, '/edge/orders', { method: 'POST', body: '{"items":["mug"]}', timeout: 6_000 })));
      await Promise.all(Array.from({ length: 20 }, () => t.http(app, '/edge/stock/42', { timeout: 6_000 })));
      const state = JSON.parse((await t.http(app, '/state')).body);
      const total = (to) => state.edges.find((e) => e.from === 'edge' && e.to === to)?.total.calls ?? 0;
      t.assert.ok(total('inventory') <= 25, `With inventory down, 20 requests to the edge made ${total('inventory')} calls to inventory: more than 1.1 × 20 + 3. Retries without a budget multiply the load on a service that is down.`, { expected: 'at most 25', actual: total('inventory') });
      t.assert.equal(total('orders'), 3, 'calls to orders for 3 POST /orders without an Idempotency-Key while orders was down');
    },
  },
];
