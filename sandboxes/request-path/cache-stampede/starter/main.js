// What Run starts: a burst of concurrent requests for the same product, the way a popular page is hit
// the moment its cache entry expires. It prints how many of them reached the database.
import { createCache } from './cache.js';
import { createDb } from './db.js';

const LATENCY_MS = 200;
const TTL_MS = 1000;
const STALE_MS = 5000;
const CLIENTS = 50;

const db = createDb({ latencyMs: LATENCY_MS });
const cache = createCache({ load: (id) => db.query(id), ttlMs: TTL_MS, staleMs: STALE_MS });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function burst(label) {
  const before = db.queries;
  const started = Date.now();
  const results = await Promise.allSettled(Array.from({ length: CLIENTS }, () => cache.get('1')));
  const ok = results.filter((r) => r.status === 'fulfilled');
  const prices = [...new Set(ok.map((r) => r.value?.price))].join(', ');
  console.log(
    `${label}: ${CLIENTS} requests -> ${db.queries - before} database queries, ` +
      `${results.length - ok.length} failed, slowest answer ${Date.now() - started} ms, price ${prices || '-'}`,
  );
}

await burst('cold cache         ');
await burst('warm cache         ');
db.setPrice('1', 2099);
await sleep(TTL_MS + 100);
await burst('just past the TTL  ');
await sleep(LATENCY_MS + 100);
await burst('after the refresh  ');
db.failNext(1);
await sleep(TTL_MS + STALE_MS + 100);
await burst('database hiccup    ');
await burst('right after it     ');
