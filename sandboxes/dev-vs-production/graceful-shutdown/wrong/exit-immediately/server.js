import http from 'node:http';

const port = Number(process.env.PORT ?? 3000);
const deadlineMs = Number(process.env.SHUTDOWN_DEADLINE_MS ?? 5000);

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/slow') {
    const ms = Number(url.searchParams.get('ms') ?? 1000);
    setTimeout(() => res.end(`done after ${ms} ms\n`), ms);
    return;
  }
  if (url.pathname === '/hang') {
    return; // never answers, like a stalled client
  }
  res.end('hello\n');
});

server.listen(port, () => {
  console.log(`listening on http://localhost:${port}`);
});

// Handles the signal, but only to exit at once: the requests in progress are cut off.
process.on('SIGTERM', () => {
  console.log('SIGTERM: exiting');
  process.exit(0);
});
