// Measures the server-side hops of one request on this machine: the reverse proxy, the app's own work, a
// cache lookup over the network and two database queries. Run it with `node waterfall.js` (Node 22.13 or newer,
// for node:sqlite). Prints the median of each, in milliseconds.
import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { DatabaseSync } from 'node:sqlite';

const ROUNDS = 300;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));

// The database: SQLite in memory, 10 000 products, looked up by primary key.
const db = new DatabaseSync(':memory:');
db.exec('CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT, price INTEGER)');
const insert = db.prepare('INSERT INTO products (id, name, price) VALUES (?, ?, ?)');
for (let id = 1; id <= 10_000; id++) insert.run(id, `Product ${id}`, 100 + (id % 5000));
const byId = db.prepare('SELECT id, name, price FROM products WHERE id = ?');
// The query a "price band" box on the page would run: no index helps, every row is read.
const priceBand = db.prepare('SELECT price / 1000 AS band, COUNT(*) AS n, AVG(price) AS avg FROM products GROUP BY band');

// The cache: a key-value server on a TCP socket, like Redis on the next machine (here: loopback).
const store = new Map();
const cacheServer = net.createServer((socket) => {
  socket.setEncoding('utf8');
  socket.on('data', (line) => socket.write(`${store.get(line.trim()) ?? ''}\n`));
});
const cachePort = await listen(cacheServer);
const cacheSocket = net.connect(cachePort, '127.0.0.1');
cacheSocket.setEncoding('utf8');
await new Promise((resolve) => cacheSocket.once('connect', resolve));
const cacheGet = (key) =>
  new Promise((resolve) => {
    cacheSocket.once('data', (reply) => resolve(reply.trim()));
    cacheSocket.write(`${key}\n`);
  });

// The app: renders a product page from one row.
const render = (row) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${row.name}</title></head>` +
  `<body><h1>${row.name}</h1><p class="price">€${(row.price / 100).toFixed(2)}</p>` +
  `<ul>${Array.from({ length: 40 }, (_, i) => `<li>${row.name}, detail ${i + 1}</li>`).join('')}</ul></body></html>`;
const app = http.createServer((req, res) => {
  const row = byId.get(Number(req.url.slice(1)) || 1);
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(render(row));
});
const appPort = await listen(app);

// The reverse proxy: node:http passing each request on to the app, as proxy.js does.
const agent = new http.Agent({ keepAlive: true });
const proxy = http.createServer((req, res) => {
  const upstream = http.request({ host: '127.0.0.1', port: appPort, path: req.url, method: req.method, headers: req.headers, agent }, (appRes) => {
    res.writeHead(appRes.statusCode, appRes.headers);
    appRes.pipe(res);
  });
  req.pipe(upstream);
});
const proxyPort = await listen(proxy);

const client = new http.Agent({ keepAlive: true });
function timeGet(port, path) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    http
      .get({ host: '127.0.0.1', port, path, agent: client }, (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - started));
      })
      .on('error', reject);
  });
}

const samples = { direct: [], proxied: [], app: [], cache: [], database: [], scan: [] };
store.set('product:42', JSON.stringify(byId.get(42)));
for (let i = 0; i < ROUNDS; i++) {
  const id = 1 + ((i * 37) % 10_000);
  let t = performance.now();
  const row = byId.get(id);
  samples.database.push(performance.now() - t);
  t = performance.now();
  priceBand.all();
  samples.scan.push(performance.now() - t);
  t = performance.now();
  render(row);
  samples.app.push(performance.now() - t);
  t = performance.now();
  await cacheGet('product:42');
  samples.cache.push(performance.now() - t);
  samples.direct.push(await timeGet(appPort, `/${id}`));
  samples.proxied.push(await timeGet(proxyPort, `/${id}`));
}

const ms = (x) => x.toFixed(3);
console.log(`median of ${ROUNDS} rounds on Node ${process.version}, ${process.platform}/${process.arch}`);
console.log(`proxy hop (through the proxy minus straight to the app): ${ms(median(samples.proxied) - median(samples.direct))} ms`);
console.log(`app (render one page):                                   ${ms(median(samples.app))} ms`);
console.log(`cache (GET over a loopback TCP socket):                  ${ms(median(samples.cache))} ms`);
console.log(`database (SQLite SELECT by primary key, 10 000 rows):     ${ms(median(samples.database))} ms`);
console.log(`database (GROUP BY over all 10 000 rows, no index):       ${ms(median(samples.scan))} ms`);
console.log(`whole request straight to the app, for scale:            ${ms(median(samples.direct))} ms`);
cacheSocket.end();
for (const server of [cacheServer, app, proxy]) server.close();
agent.destroy();
client.destroy();
