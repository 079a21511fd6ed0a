import http from 'node:http';
import { countPrimes } from './primes.js';

// Looks asynchronous, but the loop still runs on this thread: it only starts a moment later.
const countPrimesLater = (limit) => new Promise((resolve) => setImmediate(() => resolve(countPrimes(limit))));

const port = Number(process.env.PORT ?? 3000);

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
    const count = await countPrimesLater(below);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ below, count }) + '\n');
    return;
  }

  res.statusCode = 404;
  res.end('not found\n');
});

server.listen(port, () => {
  console.log(`listening on http://localhost:${port}`);
});
