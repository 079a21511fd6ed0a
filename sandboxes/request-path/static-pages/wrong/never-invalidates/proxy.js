// The reverse proxy in front of the app (in a Python stack: nginx). Pages that are the same for everyone
// are rendered once by the app and then served from the proxy's store until the data behind them changes.
import http from 'node:http';

const port = Number(process.env.PORT ?? 8080);
const appPort = Number(process.env.APP_PORT ?? 3000);

// The pages that are the same for every visitor: the catalogue. The cart depends on the cookie.
const STATIC_PAGES = /^\/products(\/\d+)?$/;
// path -> promise of { status, headers, body }: a page being fetched is shared by everyone who asks meanwhile.
const pages = new Map();

function fetchPage(path, headers) {
  return new Promise((resolve, reject) => {
    const upstream = http.request({ host: '127.0.0.1', port: appPort, method: 'GET', path, headers }, (appRes) => {
      const chunks = [];
      appRes.on('data', (chunk) => chunks.push(chunk));
      appRes.on('end', () => resolve({ status: appRes.statusCode, headers: appRes.headers, body: Buffer.concat(chunks) }));
      appRes.on('error', reject);
    });
    upstream.on('error', reject);
    upstream.end();
  });
}

async function servePage(req, res) {
  let page = pages.get(req.url);
  const hit = Boolean(page);
  if (!page) {
    page = fetchPage(req.url, req.headers);
    pages.set(req.url, page);
  }
  const { status, headers, body } = await page.catch(() => ({ status: 502, headers: {}, body: Buffer.from('the app is not answering\n') }));
  // Keep only pages that rendered: a 404 or a failure is fetched again next time.
  if (!hit && status !== 200 && pages.get(req.url) === page) pages.delete(req.url);
  res.writeHead(status, { ...headers, 'x-cache': hit ? 'HIT' : 'MISS' });
  res.end(body);
}

function forward(req, res) {
  const upstream = http.request(
    { host: '127.0.0.1', port: appPort, method: req.method, path: req.url, headers: req.headers },
    (appRes) => {
      res.writeHead(appRes.statusCode ?? 502, appRes.headers);
      appRes.pipe(res);
    },
  );
  upstream.on('error', () => {
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('the app is not answering\n');
  });
  req.pipe(upstream);
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && STATIC_PAGES.test(req.url ?? '')) servePage(req, res);
  else forward(req, res);
});

server.listen(port, () => {
  console.log(`proxy listening on http://localhost:${port}, in front of the app on port ${appPort}`);
});
