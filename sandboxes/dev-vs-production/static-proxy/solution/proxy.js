// The reverse proxy in front of the app: in a Python stack this would be nginx.
// It serves /static/ from public/ itself and passes everything else to the app.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const port = Number(process.env.PORT ?? 8080);
const appPort = Number(process.env.APP_PORT ?? 3000);
const publicDir = fileURLToPath(new URL('./public/', import.meta.url));

const TYPES = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.html': 'text/html; charset=utf-8',
};
// A name like app.3f9a2c1b.js carries a hash of the content: it never changes, so it may be cached for a year.
const FINGERPRINTED = /\.[0-9a-f]{8,}\.[a-z0-9]+$/;
// Headers that describe one connection, not the request: they must not be passed on (RFC 9110, section 7.6.1).
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer'];

const BAD_GATEWAY_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Back in a moment</title></head>
<body>
  <h1>We'll be right back</h1>
  <p>The site is restarting or having trouble. Please try again in a minute.</p>
</body>
</html>
`;

function sendText(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

// Like nginx's `location /static/ { alias ...; expires ...; }`: the app never sees these requests.
async function serveStatic(req, res, pathname) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'method not allowed\n');
    return;
  }
  let file;
  try {
    file = resolve(publicDir, decodeURIComponent(pathname.slice('/static/'.length)));
  } catch {
    sendText(res, 400, 'bad path\n');
    return;
  }
  // "..", encoded or not, must not lead out of public/.
  const info = file.startsWith(publicDir) ? await stat(file).catch(() => null) : null;
  if (!info?.isFile()) {
    sendText(res, 404, 'not found\n');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
    'last-modified': info.mtime.toUTCString(),
    'cache-control': FINGERPRINTED.test(file) ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}

// Like nginx's `proxy_pass` with `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`.
function forward(req, res) {
  const headers = { ...req.headers };
  for (const name of HOP_BY_HOP) delete headers[name];
  const client = req.socket.remoteAddress ?? 'unknown';
  headers['x-forwarded-for'] = req.headers['x-forwarded-for'] ? `${req.headers['x-forwarded-for']}, ${client}` : client;
  headers['x-forwarded-proto'] = 'http';

  const upstream = http.request({ host: '127.0.0.1', port: appPort, method: req.method, path: req.url, headers }, (appRes) => {
    res.writeHead(appRes.statusCode ?? 502, appRes.headers);
    appRes.pipe(res);
  });
  // The app is down or restarting: answer for it instead of crashing or hanging.
  upstream.on('error', (err) => {
    console.error(`proxy: app unreachable (${err.code ?? err.message})`);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(502, { 'content-type': 'text/html; charset=utf-8', 'retry-after': '30' });
    res.end(BAD_GATEWAY_PAGE);
  });
  req.pipe(upstream);
}

const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  if (pathname.startsWith('/static/')) {
    serveStatic(req, res, pathname).catch((err) => {
      console.error('proxy: static file failed', err);
      res.destroy();
    });
  } else {
    forward(req, res);
  }
});

server.listen(port, () => {
  console.log(`proxy listening on http://localhost:${port}, forwarding to the app on port ${appPort}`);
});
