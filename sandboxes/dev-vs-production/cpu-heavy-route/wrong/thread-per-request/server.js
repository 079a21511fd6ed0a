import http from 'node:http';
import { Worker } from 'node:worker_threads';

const port = Number(process.env.PORT ?? 3000);
const jobTimeoutMs = Number(process.env.JOB_TIMEOUT_MS ?? 10000);

class JobTimeout extends Error {}

// A new thread for every request: nothing limits how many compute at once, and a job that times out
// gets its 503 while its thread keeps computing, unseen.
function countPrimesInWorker(limit) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.js', import.meta.url));
    const timer = setTimeout(() => reject(new JobTimeout(`gave up after ${jobTimeoutMs} ms`)), jobTimeoutMs);
    worker.once('message', (count) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(count);
    });
    worker.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    worker.postMessage(limit);
  });
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
      const count = await countPrimesInWorker(below);
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
  console.log(`listening on http://localhost:${port}`);
});
