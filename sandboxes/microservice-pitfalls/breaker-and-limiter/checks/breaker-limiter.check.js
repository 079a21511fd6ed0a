// Checks for the circuit breaker and the rate limits. The services run in the check's process on a fake clock,
// with stand-ins for recommendations and search that fail or limit on cue: the breaker's 2 s and the
// Retry-After waits take no real time.
import { createFakeMesh, down, hang, timed } from './_shared/fake-mesh.js';

async function setup(t, stubs) {
  const clock = t.useFakeClock(1_000_000);
  const { services } = await t.import('services.js');
  const breaker = await t.import('breaker.js');
  const limiter = await t.import('limiter.js');
  return { clock, breaker, limiter, mesh: createFakeMesh(services, stubs) };
}

/** A stand-in whose answer can be switched: 'down', 'hang' or 'up'. */
function switchable(initial) {
  const stub = (request) => (stub.mode === 'hang' ? hang() : stub.mode === 'down' ? down() : { status: 200, body: ['Tamper'] });
  stub.mode = initial;
  return stub;
}

const home = (mesh) => mesh.request('edge', '/home');

export default [
  {
    id: 'opens-after-five-failures',
    name: 'After 5 failures in a row the breaker opens: no more calls, and the page answers at once',
    task: 'breaker-opens',
    hint: 'Count failures in a row (an error thrown, or status >= 500); at FAILURE_THRESHOLD set state = "open" and remember Date.now().',
    measuresTime: false,
    async run(t) {
      const { clock, mesh } = await setup(t, { recommendations: down });
      for (let i = 0; i < 5; i++) await timed(clock, () => home(mesh));
      t.assert.equal(mesh.callsTo('recommendations').length, 5, 'calls to recommendations for the first 5 requests (the breaker is closed)');
      let slowest = 0;
      for (let i = 0; i < 19; i++) {
        const result = await timed(clock, () => home(mesh), 5_000, 1);
        slowest = Math.max(slowest, result.ms ?? Infinity);
        await clock.tick(90);
      }
      const made = mesh.callsTo('recommendations').length - 5;
      t.assert.ok(
        made === 0,
        `Recommendations failed 5 times in a row, and the edge called it ${made} more time(s) in the next 1.8 s. A service that keeps failing gets nothing from more calls but more load, and each caller waits for its failure. Open the breaker and fail at once.`,
        { expected: 'no calls while open', actual: `${made} calls` },
      );
      t.assert.ok(slowest <= 1, `With the breaker open the home page took up to ${slowest} ms; failing fast means answering without waiting for the dead service.`);
    },
  },
  {
    id: 'success-resets-failure-count',
    name: 'Failures must be in a row: a success in between keeps the breaker closed',
    task: 'breaker-opens',
    measuresTime: false,
    async run(t) {
      const recommendations = switchable('down');
      const { clock, mesh } = await setup(t, { recommendations });
      const pattern = ['down', 'down', 'down', 'down', 'up', 'down', 'down', 'down', 'down', 'up'];
      for (const mode of pattern) {
        recommendations.mode = mode;
        await timed(clock, () => home(mesh));
      }
      t.assert.equal(mesh.callsTo('recommendations').length, pattern.length, 'calls that reached recommendations (4 failures, a success, 4 failures, a success: never 5 in a row)');
    },
  },
  {
    id: 'half-open-sends-one-probe',
    name: 'After 2 s open, exactly one probe call goes through while the others still fail fast',
    task: 'half-open',
    hint: 'When Date.now() - openedAt >= OPEN_MS, let one call through (state "half-open") and keep rejecting the rest until it settles.',
    measuresTime: false,
    async run(t) {
      const recommendations = switchable('down');
      const { clock, mesh } = await setup(t, { recommendations });
      for (let i = 0; i < 5; i++) await timed(clock, () => home(mesh));
      recommendations.mode = 'hang';
      const openedAt = mesh.callsTo('recommendations')[4].endedAt;
      await clock.tick(openedAt + 1_950 - clock.now());
      await timed(clock, () => home(mesh), 5_000, 1);
      t.assert.equal(mesh.callsTo('recommendations').length, 5, 'calls to recommendations 1.95 s after the breaker opened (still open)');
      await clock.tick(openedAt + 2_000 - clock.now());
      const pending = Array.from({ length: 5 }, () => home(mesh));
      await clock.tick(1);
      const probes = mesh.callsTo('recommendations').length - 5;
      t.assert.ok(
        probes === 1,
        probes === 0
          ? 'Two seconds after the breaker opened, five requests came and none was let through: a breaker that never probes stays open forever, even after the service recovers.'
          : `Two seconds after the breaker opened, five requests came at once and ${probes} of them called recommendations. Half-open lets exactly one probe through; if every caller probes, a recovering service gets the full load at once.`,
        { expected: '1 probe', actual: `${probes} calls` },
      );
      await clock.tick(1_000);
      await Promise.allSettled(pending);
    },
  },
  {
    id: 'probe-result-decides',
    name: 'A probe that succeeds closes the breaker; one that fails opens it for another 2 s',
    task: 'half-open',
    measuresTime: false,
    async run(t) {
      const recommendations = switchable('down');
      const { clock, mesh } = await setup(t, { recommendations });
      for (let i = 0; i < 5; i++) await timed(clock, () => home(mesh));
      await clock.tick(2_000);
      await timed(clock, () => home(mesh)); // the probe fails
      const afterFailedProbe = mesh.callsTo('recommendations').length;
      await clock.tick(1_900);
      await timed(clock, () => home(mesh), 5_000, 1);
      t.assert.equal(mesh.callsTo('recommendations').length, afterFailedProbe, 'calls in the 1.9 s after a failed probe (the breaker should be open again)');
      recommendations.mode = 'up';
      await clock.tick(200);
      const probe = await timed(clock, () => home(mesh));
      t.assert.ok(probe.response?.body?.recommendations?.length === 1, 'The probe after the service came back should return its recommendations.', { actual: JSON.stringify(probe.response?.body) });
      for (let i = 0; i < 5; i++) await timed(clock, () => home(mesh));
      const after = mesh.callsTo('recommendations').length - afterFailedProbe;
      t.assert.ok(after === 6, `After a successful probe, ${after - 1} of the next 5 requests reached recommendations; the breaker should be closed again and let them all through.`, { expected: '5 of 5', actual: `${after - 1} of 5` });
    },
  },
  {
    id: 'token-bucket-burst-then-rate',
    name: 'Search answers a burst of 5, then 5 a second; the rest get 429',
    task: 'rate-limit',
    hint: 'Refill on each take(): tokens = Math.min(capacity, tokens + elapsedSeconds * refillPerSecond). In limited(), answer 429 when take() is not ok.',
    measuresTime: false,
    async run(t) {
      const { clock, mesh } = await setup(t, {});
      const statuses = async (n) => (await Promise.all(Array.from({ length: n }, () => mesh.request('search', '/search?q=mug')))).map((r) => r.status);
      const burst = await statuses(10);
      t.assert.equal(burst, [200, 200, 200, 200, 200, 429, 429, 429, 429, 429], 'statuses of 10 searches sent at the same moment (a burst of 5 is allowed)');
      await clock.tick(1_000);
      t.assert.equal(await statuses(6), [200, 200, 200, 200, 200, 429], 'statuses of 6 searches one second later (5 tokens refilled)');
      await clock.tick(200);
      t.assert.equal(await statuses(2), [200, 429], 'statuses of 2 searches 200 ms later (one token refilled)');
    },
  },
  {
    id: 'retry-after-is-honest',
    name: '429 answers carry Retry-After in whole seconds, and a request sent then succeeds',
    task: 'rate-limit',
    hint: "headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) } — round up, never tell a client to come back too early.",
    measuresTime: false,
    async run(t) {
      const { clock, mesh } = await setup(t, {});
      for (let i = 0; i < 5; i++) await mesh.request('search', '/search?q=mug');
      const limited = await mesh.request('search', '/search?q=mug');
      const header = limited.headers['retry-after'];
      t.assert.ok(
        limited.status === 429 && /^\d+$/.test(header ?? '') && Number(header) >= 1,
        `A 429 without a usable Retry-After leaves clients to guess — and guessing clients retry at once. RFC 9110 gives it as whole seconds (or a date). Got ${limited.status} with Retry-After: ${header ?? '(none)'}.`,
        { expected: "429 with a header like 'retry-after': '1'", actual: `${limited.status}, retry-after: ${header ?? 'none'}` },
      );
      await clock.tick(Number(header) * 1000);
      const later = await mesh.request('search', '/search?q=mug');
      t.assert.equal(later.status, 200, `status of a search sent exactly Retry-After (${header} s) later`);
    },
  },
  {
    id: 'client-waits-retry-after',
    name: 'The edge waits the Retry-After before asking search again, and passes on a 429 it should not wait for',
    task: 'honour-retry-after',
    hint: 'On a 429: waitMs = Number(headers["retry-after"]) * 1000; if waitMs <= MAX_WAIT_MS, sleep that long and try again; otherwise return the 429.',
    measuresTime: false,
    async run(t) {
      let calls = 0;
      const busyOnce = (seconds) => () => (++calls === 1 ? { status: 429, headers: { 'retry-after': String(seconds) }, body: { error: 'slow down' } } : { status: 200, body: { results: ['Tamper'] } });
      const { clock, mesh } = await setup(t, { search: busyOnce(2) });
      const result = await timed(clock, () => mesh.request('edge', '/search?q=tamper'), 20_000);
      const made = mesh.callsTo('search');
      t.assert.ok(
        made.length === 2 && made[1].at - made[0].at >= 2_000 && result.response?.status === 200,
        made.length === 1
          ? 'Search answered 429 with Retry-After: 2, and the edge passed the 429 to the visitor without trying again. A short wait that the page can afford is worth it.'
          : `Search answered 429 with Retry-After: 2; the edge asked again after ${made.length > 1 ? made[1].at - made[0].at : '–'} ms (${made.length} calls). Asking sooner than told only earns another 429 and adds to the load that caused it.`,
        { expected: '2 calls, 2 000 ms apart, then 200', actual: `${made.length} calls${made.length > 1 ? `, ${made[1].at - made[0].at} ms apart` : ''}, ${result.response?.status ?? 'no answer'}` },
      );
      calls = 0;
      const long = await setup(t, { search: busyOnce(30) });
      const passed = await timed(long.clock, () => long.mesh.request('edge', '/search?q=tamper'), 60_000);
      t.assert.ok(
        passed.response?.status === 429 && passed.ms <= 10 && long.mesh.callsTo('search').length === 1,
        `Search asked for 30 s of quiet; holding the visitor's request that long is worse than telling them. Expected the 429 at once, got ${passed.response?.status ?? 'no answer'} after ${passed.ms} ms and ${long.mesh.callsTo('search').length} call(s).`,
      );
      t.assert.equal(passed.response.headers['retry-after'], '30', 'Retry-After the edge passes on to the visitor');
    },
  },
  {
    id: 'live-breaker-stops-calls',
    name: 'On the running mesh, with recommendations down, the breaker opens and the calls stop',
    task: 'breaker-opens',
    measuresTime: false, // counts calls; a probe every 2 s is allowed for
    async run(t) {
      const app = await t.start({ env: { LAB_LOAD_RATE: '0' } });
      const res = await t.http(app, '/fault?service=recommendations&mode=down', { method: 'POST' });
      t.assert.equal(res.status, 200, 'status of POST /fault?service=recommendations&mode=down');
      const started = Date.now();
      for (let i = 0; i < 15; i++) {
        const page = await t.http(app, '/edge/home', { timeout: 5_000 });
        t.assert.equal(page.status, 200, 'status of the home page with recommendations down (it works without them)');
      }
      const probesAllowed = Math.floor((Date.now() - started) / 2_000) + 1;
      const state = JSON.parse((await t.http(app, '/state')).body);
      const calls = state.edges.find((e) => e.from === 'edge' && e.to === 'recommendations')?.total.calls ?? 0;
      t.assert.ok(calls <= 5 + probesAllowed, `With recommendations down, 15 home pages made ${calls} calls to it.`, { expected: `at most 5 + ${probesAllowed} probe(s)`, actual: calls });
      t.assert.match(state.status['edge>recommendations'] ?? '', /breaker (open|half-open)/, "the breaker's state the live view shows");
    },
  },
];
