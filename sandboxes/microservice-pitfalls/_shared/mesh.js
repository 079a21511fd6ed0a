/**
 * The mesh: every service is a real HTTP server on its own loopback port, all started by one program.
 *
 * A service is a function `(request, ctx) => response`:
 *   request   { method, path, headers, body }     body: the parsed JSON, or undefined
 *   response  { status, headers?, body? }         body is sent as JSON
 *   ctx.call(service, path, { method, headers, body, timeoutMs })
 *             → { status, headers, body }; throws an error whose `code` is TIMEOUT (timeoutMs ran out),
 *               ECONNREFUSED, ECONNRESET or UNKNOWN_SERVICE
 *
 * Services call each other by name: the mesh is the registry that knows where each one listens, so no
 * address is written into a hosts file or a config. Every call carries the caller's name (x-caller) and
 * the id of the request that caused it (x-request-id, a trace id), and is reported to `onStart` when it is
 * sent and to `onCall` when it ends.
 */
import http from 'node:http';

/** What a fault does to a service: the live view's buttons set these. */
export const FAULTS = {
  ok: 'answers normally',
  slow: 'answers after 1.5 s',
  hang: 'never answers',
  flaky: 'half of the calls fail with 503',
  down: 'every call fails with 503',
};
const SLOW_MS = 1_500;

export async function startMesh(services, { onStart = () => {}, onCall = () => {} } = {}) {
  const ports = new Map();
  const faults = new Map();
  const servers = [];
  const agent = new http.Agent({ keepAlive: true });
  let lastRequestId = 0;

  /** One call from `from` to `to`, over HTTP on loopback. */
  function call(from, requestId, to, path, { method = 'GET', headers = {}, body, timeoutMs } = {}) {
    const startedAt = Date.now();
    onStart({ from, to });
    const record = (outcome) => onCall({ from, to, method, path, requestId, at: startedAt, ms: Date.now() - startedAt, ...outcome });
    const port = ports.get(to);
    if (port === undefined) {
      record({ error: 'UNKNOWN_SERVICE' });
      return Promise.reject(Object.assign(new Error(`no service called "${to}"`), { code: 'UNKNOWN_SERVICE' }));
    }
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      let settled = false;
      let timer;
      const settle = (outcome, error, response) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        record(outcome);
        if (error) reject(error);
        else resolve(response);
      };
      const fail = (code, message) => settle({ error: code }, Object.assign(new Error(`${method} ${to}${path}: ${message}`), { code }));
      const req = http.request(
        {
          host: '127.0.0.1', port, method, path, agent,
          headers: {
            ...headers,
            'x-caller': from,
            'x-request-id': requestId,
            ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('end', () => {
            const body = parseJson(Buffer.concat(chunks).toString('utf8'));
            settle({ status: res.statusCode }, null, { status: res.statusCode, headers: res.headers, body });
          });
          res.on('error', (error) => fail('ECONNRESET', error.message));
        },
      );
      if (timeoutMs !== undefined) timer = setTimeout(() => {
        fail('TIMEOUT', `no answer within ${timeoutMs} ms`);
        req.destroy();
      }, Math.max(0, timeoutMs));
      req.on('error', (error) => fail(error.code ?? 'ECONNRESET', error.message));
      req.end(payload);
    });
  }

  for (const [name, handle] of Object.entries(services)) {
    const held = new Set(); // responses a hanging service never answers, ended when the mesh closes
    const server = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (chunk) => chunks.push(chunk));
      req.on('end', async () => {
        const requestId = String(req.headers['x-request-id'] ?? `r${++lastRequestId}`);
        const request = { method: req.method, path: req.url, headers: req.headers, body: parseJson(Buffer.concat(chunks).toString('utf8')) };
        const ctx = { name, requestId, call: (to, path, options) => call(name, requestId, to, path, options) };
        const fault = faults.get(name) ?? 'ok';
        let response;
        if (fault === 'hang') {
          held.add(res);
          res.on('close', () => held.delete(res));
          return;
        }
        if (fault === 'down' || (fault === 'flaky' && Math.random() < 0.5)) {
          response = { status: 503, body: { error: `${name} is ${fault}` } };
        } else {
          if (fault === 'slow') await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
          try {
            response = await handle(request, ctx);
          } catch (error) {
            response = { status: 500, body: { error: `${name}: ${error?.message ?? error}` } };
          }
        }
        if (res.destroyed) return; // the caller gave up
        res.writeHead(response?.status ?? 200, { 'content-type': 'application/json', ...(response?.headers ?? {}) });
        res.end(JSON.stringify(response?.body ?? null));
      });
    });
    server.keepAliveTimeout = 5_000;
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    ports.set(name, server.address().port);
    servers.push({ server, held });
  }

  return {
    ports,
    /** Calls a service from outside the mesh (the load generator, a check): a new request id each time. */
    request: (to, path, options) => call('client', `r${++lastRequestId}`, to, path, options),
    setFault(name, mode) {
      if (!ports.has(name)) throw new Error(`no service called "${name}"`);
      if (!Object.hasOwn(FAULTS, mode)) throw new Error(`unknown fault "${mode}": use one of ${Object.keys(FAULTS).join(', ')}`);
      faults.set(name, mode);
    },
    faultOf: (name) => faults.get(name) ?? 'ok',
    close() {
      agent.destroy();
      for (const { server, held } of servers) {
        for (const res of held) res.destroy();
        server.close();
        server.closeAllConnections?.();
      }
    },
  };
}

function parseJson(text) {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
