// The application server (in a Python stack: gunicorn running Django). Every page it renders costs a
// database query; GET /__app/renders says how many times each page was rendered. You do not change this file.
import http from 'node:http';

const port = Number(process.env.PORT ?? 3000);
const RENDER_MS = 40; // the query and the template, per page
const products = new Map([
  [1, { name: 'Espresso cup', price: 1200 }],
  [2, { name: 'Milk jug', price: 1850 }],
  [3, { name: 'Tamper', price: 2900 }],
]);
const renders = {};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const euros = (cents) => `€${(cents / 100).toFixed(2)}`;

function html(title, body) {
  return `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${title}</title></head>\n<body>\n${body}\n</body>\n</html>\n`;
}

async function render(path, req) {
  renders[path] = (renders[path] ?? 0) + 1;
  console.log(`app: rendering ${path} (render #${renders[path]})`);
  await sleep(RENDER_MS);
  if (path === '/products') {
    const items = [...products].map(([id, p]) => `<li><a href="/products/${id}">${p.name}</a></li>`).join('\n');
    return { status: 200, cache: 'public, max-age=300', body: html('Products', `<h1>Products</h1>\n<ul>\n${items}\n</ul>`) };
  }
  const match = /^\/products\/(\d+)$/.exec(path);
  if (match) {
    const product = products.get(Number(match[1]));
    if (!product) return { status: 404, cache: 'no-store', body: html('Not found', '<h1>No such product</h1>') };
    return {
      status: 200,
      cache: 'public, max-age=300',
      body: html(product.name, `<h1>${product.name}</h1>\n<p class="price">${euros(product.price)}</p>`),
    };
  }
  if (path === '/cart') {
    const user = /(?:^|;\s*)user=([a-z]+)/.exec(req.headers.cookie ?? '')?.[1] ?? 'guest';
    return { status: 200, cache: 'private, no-store', body: html('Cart', `<h1>${user}'s cart</h1>`) };
  }
  return { status: 404, cache: 'no-store', body: html('Not found', '<h1>Not found</h1>') };
}

function readBody(req) {
  return new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => resolve(text));
  });
}

const server = http.createServer(async (req, res) => {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path === '/__app/renders') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(renders));
    return;
  }
  if (path === '/sitemap.txt') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(['/products', ...[...products.keys()].map((id) => `/products/${id}`)].join('\n') + '\n');
    return;
  }
  const edit = /^\/products\/(\d+)$/.exec(path);
  if (req.method === 'POST' && edit) {
    // The admin form: price=1500 (in cents). Success answers 303 See Other, back to the changed page.
    const price = Number(new URLSearchParams(await readBody(req)).get('price'));
    const product = products.get(Number(edit[1]));
    if (!product || !Number.isInteger(price) || price <= 0) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end('bad price\n');
      return;
    }
    product.price = price;
    console.log(`app: price of ${path} is now ${euros(price)}`);
    res.writeHead(303, { location: path });
    res.end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' });
    res.end();
    return;
  }
  const page = await render(path, req);
  res.writeHead(page.status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': page.cache });
  res.end(req.method === 'HEAD' ? undefined : page.body);
});

server.listen(port, () => {
  console.log(`app listening on http://localhost:${port}`);
});
