// The reverse proxy, written another way: the catalogue is rendered into HTML files before the proxy opens
// its port (the "static site" approach), served from disk, and re-rendered the moment its data changes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const port = Number(process.env.PORT ?? 8080);
const appPort = Number(process.env.APP_PORT ?? 3000);
const outDir = fileURLToPath(new URL('./rendered/', import.meta.url));

const fileFor = (path) => (/^\/products(\/\d+)?$/.test(path) ? join(outDir, path === '/products' ? 'products/index.html' : `${path}.html`) : null);

function appGet(path) {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: appPort, path }, (appRes) => {
        const chunks = [];
        appRes.on('data', (c) => chunks.push(c));
        appRes.on('end', () => resolve({ status: appRes.statusCode, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

/** Renders one page through the app into its file; false when the app did not answer 200. */
async function render(path) {
  const page = await appGet(path);
  if (page.status !== 200) return false;
  mkdirSync(dirname(fileFor(path)), { recursive: true });
  writeFileSync(fileFor(path), page.body);
  return true;
}

async function renderSite() {
  try {
    const sitemap = (await appGet('/sitemap.txt')).body.toString().split('\n').filter(fileFor);
    for (const path of sitemap) await render(path);
    console.log(`proxy: pre-rendered ${sitemap.length} pages`);
  } catch (error) {
    console.log(`proxy: could not pre-render yet (${error.message}); pages will be rendered on first visit`);
  }
}

function readPage(file) {
  try {
    return readFileSync(file);
  } catch {
    return null;
  }
}

async function serveStatic(req, res, file) {
  let body = readPage(file);
  if (!body && (await render(req.url).catch(() => false))) body = readPage(file);
  if (!body) return forward(req, res);
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(body);
}

function forward(req, res) {
  const upstream = http.request(
    { host: '127.0.0.1', port: appPort, method: req.method, path: req.url, headers: req.headers },
    async (appRes) => {
      const changed = req.method === 'POST' && appRes.statusCode < 400 ? fileFor(req.url) : null;
      if (changed) await render(req.url).catch(() => false);
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

await renderSite();
http
  .createServer((req, res) => {
    const file = req.method === 'GET' ? fileFor(req.url ?? '') : null;
    if (file) serveStatic(req, res, file);
    else forward(req, res);
  })
  .listen(port, () => console.log(`proxy listening on http://localhost:${port}, in front of the app on port ${appPort}`));
