// The shop's API, with validators: a client that already has the current catalogue gets a 304 and no body.
import { createHash } from 'node:crypto';
import http from 'node:http';
import { cartOf, listProducts, setPrice } from './catalog.js';

const port = Number(process.env.PORT ?? 3000);
// Shared caches may keep the catalogue for a minute, then revalidate it with If-None-Match.
const CATALOGUE_CACHING = 'public, max-age=60';
// A cart belongs to one person: only their browser may store it, and must check back before reusing it.
const PERSONAL_CACHING = 'private, no-cache';

function userOf(req) {
  return /(?:^|;\s*)user=([a-z]+)/.exec(req.headers.cookie ?? '')?.[1] ?? 'guest';
}

/** A strong validator derived from the bytes: same body, same tag; any change, a new tag. */
function etagOf(body) {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
}

/** RFC 9110 §13.1.2: "*" or a list of entity tags, compared weakly (a W/ prefix is ignored). */
function noneMatch(header, etag) {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = (tag) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/** Sends body with its validator, or 304 when the client already holds exactly this version. */
function sendCached(req, res, body, cacheControl) {
  const headers = { etag: etagOf(body), 'cache-control': cacheControl };
  if (noneMatch(req.headers['if-none-match'], headers.etag)) {
    // A 304 carries the same caching headers the 200 would, so the client can refresh its stored copy.
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-type': 'application/json' });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  console.log(`${req.method} ${url.pathname}${req.headers['if-none-match'] ? ` (If-None-Match: ${req.headers['if-none-match']})` : ''}`);

  if (req.method === 'GET' && url.pathname === '/api/products') {
    sendCached(req, res, JSON.stringify(listProducts()), CATALOGUE_CACHING);
    return;
  }

  if (req.method === 'GET' && url.pathname === '/api/me') {
    const user = userOf(req);
    sendCached(req, res, JSON.stringify({ user, cart: cartOf(user) }), PERSONAL_CACHING);
    return;
  }

  const price = /^\/api\/products\/(\d+)\/price$/.exec(url.pathname);
  if (req.method === 'POST' && price) {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const ok = Number.isInteger(Number(text)) && setPrice(Number(price[1]), Number(text));
      res.writeHead(ok ? 204 : 400);
      res.end();
    });
    return;
  }

  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found\n');
});

server.listen(port, () => {
  console.log(`shop API on http://localhost:${port}/api/products`);
});
