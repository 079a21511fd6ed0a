import http from 'node:http';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

const port = Number(process.env.PORT ?? 3000);
const poolSize = Number(process.env.POOL_SIZE ?? availableParallelism());
const jobTimeoutMs = Number(process.env.JOB_TIMEOUT_MS ?? 10000);

class JobTimeout extends Error {}

// A fixed pool of worker threads, like gunicorn's fixed number of worker processes:
// the CPU work runs there, and this thread stays free to accept and answer requests.
const idle = [];
const waiting = [];
let running = 0;

function countPrimesInPool(limit) {
  return new Promise((resolve, reject) => {
    waiting.push({ limit, resolve, reject });
    dispatch();
  });
}

function dispatch() {
  while (waiting.length > 0 && (idle.length > 0 || running < poolSize)) {
    const job = waiting.shift();
    const worker = idle.pop() ?? new Worker(new URL('./worker.js', import.meta.url));
    running += 1;
    runJob(worker, job);
  }
}

function runJob(worker, job) {
  const finish = (settle) => {
    clearTimeout(timer);
    worker.off('message', onMessage);
    worker.off('error', onError);
    running -= 1;
    settle();
    dispatch();
  };
  const onMessage = (count) =>
    finish(() => {
      idle.push(worker);
      job.resolve(count);
    });
  const onError = (err) => finish(() => job.reject(err));
  // Drops the busy worker from the pool so the next job gets a fresh one — but never stops it.
  const timer = setTimeout(() => finish(() => job.reject(new JobTimeout(`gave up after ${jobTimeoutMs} ms`))), jobTimeoutMs);
  worker.on('message', onMessage);
  worker.on('error', onError);
  worker.postMessage(job.limit);
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');

  if (url.pathname === '/health') {
    res.end('ok\n');
    return;
  }

  if (url.pathname === '/primes') {
    const below = Number(url.searchParams.get('below'));
    if (!Number.isInteger(below) || below < 2 || below > 1e9) {
      res.statusCode = 400;
      res.end('expected ?below=<whole number from 2 to 1000000000>\n');
      return;
    }
    try {
      const count = await countPrimesInPool(below);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ below, count }) + '\n');
    } catch (err) {
      res.statusCode = err instanceof JobTimeout ? 503 : 500;
      res.end(`${err.message}\n`);
    }
    return;
  }

  res.statusCode = 404;
  res.end('not found\n');
});

server.listen(port, () => {
  console.log(`listening on http://localhost:${port} with ${poolSize} worker threads`);
});
