// The reverse proxy in front of the app (in a Python stack: nginx). Right now every request, for every
// page, goes through to the app, which renders the page again each time.
import http from 'node:http';

const port = Number(process.env.PORT ?? 8080);
const appPort = Number(process.env.APP_PORT ?? 3000);

const server = http.createServer((req, res) => {
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
});

server.listen(port, () => {
  console.log(`proxy listening on http://localhost:${port}, in front of the app on port ${appPort}`);
});
