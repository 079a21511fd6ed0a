// The reverse proxy in front of the app: in a Python stack this would be nginx.
// Right now it passes every request through to the app, static files included.
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
  req.pipe(upstream);
});

server.listen(port, () => {
  console.log(`proxy listening on http://localhost:${port}, forwarding to the app on port ${appPort}`);
});
