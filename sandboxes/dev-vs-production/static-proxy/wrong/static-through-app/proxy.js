// The reverse proxy in front of the app: in a Python stack this would be nginx.
// It passes every request to the app and adds caching headers to static files on the way back.
import http from 'node:http';

const port = Number(process.env.PORT ?? 8080);
const appPort = Number(process.env.APP_PORT ?? 3000);

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
  // Lets the app serve static files and only adds caching headers on the way back.
  if (pathname.startsWith('/static/')) {
    const cacheControl = FINGERPRINTED.test(pathname) ? 'public, max-age=31536000, immutable' : 'public, max-age=3600';
    const writeHead = res.writeHead.bind(res);
    res.writeHead = (status, headers) => writeHead(status, { ...headers, 'cache-control': cacheControl });
  }
  forward(req, res);
});

server.listen(port, () => {
  console.log(`proxy listening on http://localhost:${port}, forwarding to the app on port ${appPort}`);
});
