// A correct solution written differently: the guard is a wrapper around the handler, and the primary
// replaces a dead worker from a small function of its own.
import cluster from 'node:cluster';
import http from 'node:http';
import { availableParallelism } from 'node:os';
import { handle } from './app.js';

const port = Number(process.env.PORT ?? 3000);
const size = Number(process.env.WORKERS ?? availableParallelism());

function guarded(handler) {
  return (req, res) => {
    try {
      handler(req, res);
    } catch (err) {
      console.error(`${req.method} ${req.url} failed:`, err);
      if (res.headersSent) return void res.destroy();
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Internal Server Error\n');
    }
  };
}

function startWorker() {
  cluster.fork().on('exit', (code, signal) => {
    console.log(`a worker stopped (${signal ?? `code ${code}`}); replacing it`);
    startWorker();
  });
}

if (cluster.isPrimary) {
  Array.from({ length: size }, startWorker);
  console.log(`primary ${process.pid} keeps ${size} workers on http://localhost:${port}`);
} else {
  http.createServer(guarded(handle)).listen(port);
}
