/**
 * A fake transport for checks: the services of services.js run inside the check's process, a call between two
 * of them is a function call, and `timeoutMs` is a timer on the check's fake clock. A check swaps in stubs for
 * the services it wants to misbehave and then knows to the millisecond who called whom, with which headers,
 * and when each caller gave up. The request and response shapes are the live mesh's (mesh.js).
 */
export function createFakeMesh(services, stubs = {}) {
  const calls = [];
  let lastRequestId = 0;

  function call(from, requestId, to, path, { method = 'GET', headers = {}, body, timeoutMs } = {}) {
    const record = { from, to, method, path, headers: lowerKeys(headers), body, timeoutMs, requestId, at: Date.now(), endedAt: null, outcome: null };
    calls.push(record);
    const handle = stubs[to] ?? services[to];
    return new Promise((resolve, reject) => {
      let timer;
      const settle = (outcome, error, response) => {
        if (record.outcome !== null) return;
        record.outcome = outcome;
        record.endedAt = Date.now();
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(response);
      };
      const fail = (code, message) => settle(code, Object.assign(new Error(`${method} ${to}${path}: ${message}`), { code }));
      if (typeof handle !== 'function') return fail('UNKNOWN_SERVICE', `no service called "${to}"`);
      if (timeoutMs !== undefined) timer = setTimeout(() => fail('TIMEOUT', `no answer within ${timeoutMs} ms`), Math.max(0, timeoutMs));
      const request = { method, path, headers: { ...record.headers, 'x-caller': from, 'x-request-id': requestId }, body: copy(body) };
      const ctx = { name: to, requestId, call: (next, nextPath, options) => call(to, requestId, next, nextPath, options) };
      Promise.resolve()
        .then(() => handle(request, ctx))
        .then(
          (response) => {
            const status = response?.status ?? 200;
            settle(status, null, { status, headers: lowerKeys(response?.headers ?? {}), body: copy(response?.body ?? null) });
          },
          (error) => settle(500, null, { status: 500, headers: {}, body: { error: `${to}: ${error?.message ?? error}` } }),
        );
    });
  }

  return {
    calls,
    /** A request from outside (a visitor) to `to`: a fresh request id, and no timeout unless given. */
    request: (to, path, options) => call('client', `r${++lastRequestId}`, to, path, options),
    callsTo: (to) => calls.filter((c) => c.to === to),
  };
}

/** A stub for a service that never answers. */
export const hang = () => new Promise(() => {});
/** A stub for a service that is down. */
export const down = () => ({ status: 503, body: { error: 'down' } });

/**
 * Sends `request()` and moves the fake clock on until it settles (or `limitMs` of fake time pass).
 * Resolves with { response, error, ms }: ms is the fake time it took, null when it never settled.
 */
export async function timed(clock, request, limitMs = 10_000, stepMs = 10) {
  const startedAt = clock.now();
  const result = { response: undefined, error: undefined, ms: null };
  request().then(
    (response) => { result.response = response; result.ms = clock.now() - startedAt; },
    (error) => { result.error = error; result.ms = clock.now() - startedAt; },
  );
  for (let spent = 0; result.ms === null && spent < limitMs; spent += stepMs) await clock.tick(stepMs);
  return result;
}

function lowerKeys(headers) {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function copy(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}
