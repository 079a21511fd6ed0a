// The shop's API, written another way: the catalogue's version number is its (weak) validator, and the
// personal endpoint is simply never stored anywhere.
import http from 'node:http';
import { cartOf, catalogVersion, listProducts, setPrice } from './catalog.js';

const port = Number(process.env.PORT ?? 3000);

function userOf(req) {
  return /(?:^|;\s*)user=([a-z]+)/.exec(req.headers.cookie ?? '')?.[1] ?? 'guest';
}

/** Does the client's If-None-Match name `etag`? Weak comparison: W/"x" and "x" are the same tag. */
function clientHas(req, etag) {
  const header = req.headers['if-none-match'];
  if (header === undefined) return false;
  const tags = header.match(/(W\/)?"[^"]*"|\*/g) ?? [];
  const bare = (tag) => (tag.startsWith('W/') ? tag.slice(2) : tag);
  return tags.some((tag) => tag === '*' || bare(tag) === bare(etag));
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  console.log(`${req.method} ${url.pathname}${req.headers['if-none-match'] ? ` (If-None-Match: ${req.headers['if-none-match']})` : ''}`);

  if (req.method === 'GET' && url.pathname === '/api/products') {
    res.setHeader('ETag', `W/"catalog-v${catalogVersion()}"`);
    res.setHeader('Cache-Control', 's-maxage=300, max-age=30');
    if (clientHas(req, res.getHeader('ETag'))) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(listProducts()));
    return;
  }

  if (req.method === 'GET' && url.pathname === '/api/me') {
    const user = userOf(req);
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ user, cart: cartOf(user) }));
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
