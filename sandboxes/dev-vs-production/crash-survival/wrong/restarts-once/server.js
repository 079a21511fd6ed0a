import cluster from 'node:cluster';
import http from 'node:http';
import { availableParallelism } from 'node:os';
import { handle } from './app.js';

const port = Number(process.env.PORT ?? 3000);
const workers = Number(process.env.WORKERS ?? availableParallelism());

if (cluster.isPrimary) {
  // The primary imports app.js too (the static import above runs in every process, like
  // uWSGI without lazy-apps or gunicorn with preload_app), but it never calls handle(): it
  // serves no requests, so a bug in a request handler cannot kill it. Its only job is to
  // keep `workers` processes alive, like gunicorn's arbiter.
  for (let i = 0; i < workers; i += 1) cluster.fork();

  cluster.once('exit', (worker, code, signal) => {
    console.log(`worker ${worker.process.pid} died (${signal ?? `code ${code}`}); starting a new one`);
    cluster.fork();
  });

  console.log(`primary ${process.pid} supervising ${workers} workers on http://localhost:${port}`);
} else {
  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      // A bug in one request answers that request with a 500; the worker carries on.
      console.error(`error in ${req.method} ${req.url}:`, err);
      if (res.headersSent) {
        res.destroy();
      } else {
        res.statusCode = 500;
        res.setHeader('content-type', 'text/plain; charset=utf-8');
        res.end('Internal Server Error\n');
      }
    }
  });
  server.listen(port);
}
