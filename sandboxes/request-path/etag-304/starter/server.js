// The shop's API. Every GET sends the whole body, every time, and says nothing about caching.
import http from 'node:http';
import { cartOf, listProducts, setPrice } from './catalog.js';

const port = Number(process.env.PORT ?? 3000);

function userOf(req) {
  return /(?:^|;\s*)user=([a-z]+)/.exec(req.headers.cookie ?? '')?.[1] ?? 'guest';
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  console.log(`${req.method} ${url.pathname}${req.headers['if-none-match'] ? ` (If-None-Match: ${req.headers['if-none-match']})` : ''}`);

  if (req.method === 'GET' && url.pathname === '/api/products') {
    const body = JSON.stringify(listProducts());
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
    return;
  }

  if (req.method === 'GET' && url.pathname === '/api/me') {
    const user = userOf(req);
    const body = JSON.stringify({ user, cart: cartOf(user) });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
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
