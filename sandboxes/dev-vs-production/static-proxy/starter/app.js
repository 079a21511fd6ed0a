// The application server: in a Python stack this would be gunicorn running Django.
// Like Django's runserver with DEBUG on, it can also serve the files in public/ — slowly,
// one request at a time through the application. You do not need to change this file.
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const port = Number(process.env.PORT ?? 3000);
const publicDir = fileURLToPath(new URL('./public/', import.meta.url));
// Every path the app was asked for, so you (and the checks) can see what reached it.
const seen = [];

const page = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>archlab shop</title><link rel="stylesheet" href="/static/app.css"></head>
<body>
  <h1><img src="/static/logo.svg" alt="" width="32" height="32"> archlab shop</h1>
  <p id="status">loading…</p>
  <script src="/static/app.3f9a2c1b.js"></script>
</body>
</html>
`;

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/__app/seen') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(seen));
    return;
  }
  seen.push(url.pathname);
  console.log(`app: ${req.method} ${url.pathname}`);

  if (url.pathname === '/') {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(page);
    return;
  }

  if (url.pathname === '/api/whoami') {
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        host: req.headers.host ?? null,
        forwardedFor: req.headers['x-forwarded-for'] ?? null,
        forwardedProto: req.headers['x-forwarded-proto'] ?? null,
        peer: req.socket.remoteAddress,
      }),
    );
    return;
  }

  if (url.pathname === '/api/echo' && req.method === 'POST') {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-app': 'echo' });
      res.end(JSON.stringify({ method: req.method, body }));
    });
    return;
  }

  if (url.pathname.startsWith('/static/')) {
    let file = '';
    try {
      file = resolve(publicDir, decodeURIComponent(url.pathname.slice('/static/'.length)));
    } catch {
      // a malformed %-escape: treat it as a file that does not exist
    }
    const isFile = file.startsWith(publicDir) && statSync(file, { throwIfNoEntry: false })?.isFile();
    if (!isFile) {
      res.statusCode = 404;
      res.end('not found\n');
      return;
    }
    const types = { '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml' };
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    createReadStream(file).pipe(res);
    return;
  }

  res.statusCode = 404;
  res.end('not found\n');
});

server.listen(port, () => {
  console.log(`app listening on http://localhost:${port}`);
});
