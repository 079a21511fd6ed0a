// Checks for "Shut down without dropping requests". Each starts the learner's server on its own port, opens
// requests, sends SIGTERM and watches what happens. The solution's timings: /slow answers 500 ms after it was
// sent; with SHUTDOWN_DEADLINE_MS=500 it exits about 0.5 s after SIGTERM. Every bound below is ≥ 5× that.

/** How long /slow takes to answer: long enough to still be in progress when SIGTERM arrives. */
const SLOW_MS = 500;
/** Time for a request to reach the server before the signal (the server accepts it within milliseconds). */
const SETTLE_MS = 300;

/** How long after SIGTERM a new connection may still be accepted (the solution refuses within milliseconds). */
const REFUSE_WITHIN_MS = SETTLE_MS;

/** A request that never rejects: resolves with `{ response }` or `{ error }` (an HttpError with a `code`). */
function settled(request) {
  return request.then(
    (response) => ({ response }),
    (error) => ({ error }),
  );
}

/** Starts a /slow request and sends SIGTERM while it is in progress; resolves with the request's outcome. */
async function sigtermDuringSlowRequest(t, app) {
  const pending = settled(t.http(app, `/slow?ms=${SLOW_MS}`, { timeout: 5000 }));
  await t.sleep(SETTLE_MS);
  app.signal('SIGTERM');
  return pending;
}

/**
 * Asks for / every 50 ms until a request fails, the last one sent `within` ms after the start; resolves with the
 * last outcome. A server that refuses at once ends this early; one still answering at `within` fails.
 */
async function untilRefused(t, app, within) {
  const stopAt = performance.now() + within;
  for (;;) {
    const outcome = await settled(t.http(app, '/', { timeout: 2000 }));
    const left = stopAt - performance.now();
    if (outcome.error || left <= 0) return outcome;
    await t.sleep(Math.min(50, left));
  }
}

function assertAnswered(t, { response, error }, what) {
  const subject = what[0].toUpperCase() + what.slice(1);
  t.assert.ok(response, `${subject} was cut off: ${error?.message}`, { expected: 'HTTP 200', actual: error?.code });
  t.assert.equal(response.status, 200, `status of ${what}`);
  t.assert.equal(response.body, `done after ${SLOW_MS} ms\n`, `body of ${what}`);
}

export default [
  {
    id: 'refuses-new-connections',
    name: 'Once SIGTERM arrives, the server accepts no new connections',
    task: 'drain',
    hint: 'server.close() stops the server from accepting new connections while the open ones finish.',
    measuresTime: true,
    async run(t) {
      const app = await t.start();
      // A long request keeps the server busy shutting down while the new one is tried.
      void settled(t.http(app, '/slow?ms=3000', { timeout: 8000 }));
      await t.sleep(SETTLE_MS);
      app.signal('SIGTERM');
      const late = await untilRefused(t, app, REFUSE_WITHIN_MS);
      t.assert.ok(late.error, `Requests sent up to ${REFUSE_WITHIN_MS} ms after SIGTERM were still answered: the server kept accepting connections`, {
        expected: 'connection refused',
        actual: `HTTP ${late.response?.status}`,
      });
      t.assert.ok(['ECONNREFUSED', 'ECONNRESET'].includes(late.error.code), `A request sent after SIGTERM was not refused: ${late.error.message}`, {
        expected: 'connection refused',
        actual: late.error.code,
      });
    },
  },
  {
    id: 'in-flight-request-finishes',
    name: 'A request in progress when SIGTERM arrives still gets its full answer',
    task: 'drain',
    hint: 'Handle the signal with process.on("SIGTERM", ...) and call server.close() there instead of letting the process die.',
    measuresTime: true,
    async run(t) {
      const app = await t.start();
      const outcome = await sigtermDuringSlowRequest(t, app);
      assertAnswered(t, outcome, 'the request in progress');
    },
  },
  {
    id: 'exits-zero-after-draining',
    name: 'After the last request is answered, the server exits with code 0',
    task: 'drain',
    hint: 'Call process.exit(0) in the callback of server.close(): it runs once every open request is done.',
    measuresTime: true,
    async run(t) {
      const app = await t.start();
      await sigtermDuringSlowRequest(t, app);
      const exit = await app.waitForExit(3000);
      t.assert.ok(exit, 'The server was still running 3 s after its last request was answered');
      t.assert.ok(exit.signal === null, `The server was killed by ${exit.signal} instead of exiting by itself: without a handler, SIGTERM ends the process at once`, {
        expected: 'exit code 0',
        actual: `killed by ${exit.signal}`,
      });
      t.assert.equal(exit.code, 0, 'exit code after draining');
    },
  },
  {
    id: 'exits-by-deadline',
    name: 'With a request that never finishes, the server waits for it until SHUTDOWN_DEADLINE_MS, then exits',
    task: 'deadline',
    hint: 'Start a timer of SHUTDOWN_DEADLINE_MS milliseconds when SIGTERM arrives; when it fires, close what is still open and exit.',
    measuresTime: true,
    async run(t) {
      const deadlineMs = 500;
      const app = await t.start({ env: { SHUTDOWN_DEADLINE_MS: String(deadlineMs) } });
      void settled(t.http(app, '/hang', { timeout: 9000 }));
      await t.sleep(SETTLE_MS);
      const sent = performance.now();
      app.signal('SIGTERM');
      const early = await app.waitForExit(SETTLE_MS);
      if (early) {
        const ms = Math.round(performance.now() - sent);
        t.assert.fail(`The server exited ${ms} ms after SIGTERM, long before the ${deadlineMs} ms deadline, cutting off the open request`, {
          expected: `still running until about ${deadlineMs} ms after SIGTERM`,
          actual: early.signal ? `killed by ${early.signal}` : `exited with code ${early.code}`,
        });
      }
      const bound = 5 * deadlineMs;
      const exit = await app.waitForExit(bound - (performance.now() - sent));
      t.assert.ok(exit, `With SHUTDOWN_DEADLINE_MS=${deadlineMs}, the server was still running ${bound / 1000} s after SIGTERM`, {
        expected: `exit about ${deadlineMs} ms after SIGTERM`,
        actual: `still running after ${bound} ms`,
      });
    },
  },
  {
    id: 'deadline-spares-quick-requests',
    name: 'With a request that never finishes, other requests in progress still get their answers',
    task: 'deadline',
    hint: 'Close the remaining connections only when the deadline timer fires, not as soon as SIGTERM arrives.',
    measuresTime: true,
    async run(t) {
      const app = await t.start({ env: { SHUTDOWN_DEADLINE_MS: '4000' } });
      void settled(t.http(app, '/hang', { timeout: 9000 }));
      const outcome = await sigtermDuringSlowRequest(t, app);
      assertAnswered(t, outcome, 'the quick request in progress');
    },
  },
];
