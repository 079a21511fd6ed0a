/**
 * Starts a lab: the services of `services.js` as a mesh of real HTTP servers, a load generator that keeps
 * sending requests to the edge, and the live call graph on PORT (the Preview).
 *
 *   GET  /                 the call graph page          GET /state   the numbers as JSON (curl localhost:$PORT/state)
 *   GET  /events           the live feed (server-sent events)
 *   POST /fault?service=catalog&mode=hang   make a service misbehave (modes: see FAULTS in mesh.js)
 *   POST /load?rate=10     requests per second the load generator sends to the edge (0 stops it)
 *   ANY  /edge/<path>      one request to the entry service (`entry`, default "edge"), answered with its status and body
 *
 * `load` is one request ({ method, path, body }) or a list of them, sent in turn.
 * LAB_LOAD_RATE sets the starting load (requests per second, default 5).
 */
import http from 'node:http';
import { createCallGraph } from './call-graph.js';
import { FAULTS, startMesh } from './mesh.js';
import { page } from './live-view.js';

const FEED_INTERVAL_MS = 500;
const CLIENT_TIMEOUT_MS = 10_000; // a visitor's browser gives up eventually, too

export async function startLab({ title, services, layout, load, entry = 'edge', status = () => ({}), port = Number(process.env.PORT ?? 3000) }) {
  const graph = createCallGraph();
  const mesh = await startMesh(services, { onStart: (call) => graph.started(call), onCall: (call) => graph.record(call) });
  const clients = new Set();
  let rate = Number(process.env.LAB_LOAD_RATE ?? 5);
  let loadTimer = null;
  const answers = { ok: 0, degraded: 0, failed: 0 };
  const loads = [load].flat();
  let sent = 0;

  const state = () => ({
    at: Date.now(),
    title,
    loadRate: rate,
    load: loads,
    answers: { ...answers },
    services: Object.fromEntries([...mesh.ports].map(([name, p]) => [name, { port: p, fault: mesh.faultOf(name) }])),
    faults: FAULTS,
    layout,
    edges: graph.snapshot(),
    status: status(),
  });

  const sendLoad = () => {
    const next = loads[sent++ % loads.length];
    mesh.request(entry, next.path, { method: next.method ?? 'GET', body: next.body, timeoutMs: CLIENT_TIMEOUT_MS }).then(
      (res) => { answers[res.status >= 400 ? 'failed' : res.body?.degraded ? 'degraded' : 'ok'] += 1; },
      () => { answers.failed += 1; },
    );
  };
  const setRate = (next) => {
    rate = next;
    clearInterval(loadTimer);
    loadTimer = rate > 0 ? setInterval(sendLoad, 1000 / rate) : null;
  };
  setRate(rate);

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const json = (code, value) => {
      res.writeHead(code, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(value, null, 2));
    };
    try {
      if (req.method === 'GET' && url.pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(page(title));
      } else if (req.method === 'GET' && url.pathname === '/state') {
        json(200, state());
      } else if (req.method === 'GET' && url.pathname === '/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(`data: ${JSON.stringify(state())}\n\n`);
        clients.add(res);
        req.on('close', () => clients.delete(res));
      } else if (req.method === 'POST' && url.pathname === '/fault') {
        mesh.setFault(url.searchParams.get('service') ?? '', url.searchParams.get('mode') ?? '');
        json(200, state().services);
      } else if (req.method === 'POST' && url.pathname === '/load') {
        const next = Number(url.searchParams.get('rate'));
        if (!Number.isFinite(next) || next < 0 || next > 100) throw new Error('rate must be a number of requests per second from 0 to 100');
        setRate(next);
        json(200, { rate });
      } else if (url.pathname.startsWith('/edge/')) {
        const body = await readJson(req);
        const answer = await mesh.request(entry, url.pathname.slice('/edge'.length) + url.search, {
          method: req.method, body, headers: pick(req.headers, ['idempotency-key', 'authorization', 'cookie']), timeoutMs: CLIENT_TIMEOUT_MS,
        });
        json(answer.status, answer.body ?? null);
      } else {
        json(404, { error: 'not found' });
      }
    } catch (error) {
      json(error.code === 'TIMEOUT' ? 504 : 400, { error: error.message });
    }
  });
  const feed = setInterval(() => {
    const frame = `data: ${JSON.stringify(state())}\n\n`;
    for (const res of clients) res.write(frame);
  }, FEED_INTERVAL_MS);
  server.listen(port, () => {
    console.log(`live view: http://localhost:${port}/ (open the Preview)`);
    for (const [name, p] of mesh.ports) console.log(`  ${name.padEnd(10)} http://127.0.0.1:${p}`);
    console.log(`load: ${rate} requests/s to ${loads.map((l) => `${l.method ?? 'GET'} ${l.path}`).join(' and ')} on the edge`);
  });
  const stop = () => {
    clearInterval(feed);
    setRate(0);
    mesh.close();
    server.close();
    server.closeAllConnections?.();
  };
  process.once('SIGTERM', () => { stop(); process.exit(0); });
  return { mesh, stop };
}

function readJson(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try { resolve(text ? JSON.parse(text) : undefined); } catch { resolve(text); }
    });
  });
}

function pick(headers, names) {
  return Object.fromEntries(names.filter((n) => headers[n] !== undefined).map((n) => [n, headers[n]]));
}
