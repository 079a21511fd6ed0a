import http from 'node:http';

const port = Number(process.env.PORT ?? 3000);
// Ignores SHUTDOWN_DEADLINE_MS: whoever runs the server cannot shorten the wait.
const deadlineMs = 10000;

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

let shuttingDown = false;

process.on('SIGTERM', () => {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log('SIGTERM: finishing in-flight requests');

  // Stop accepting connections; the callback runs once every open one has ended.
  server.close(() => {
    console.log('all requests finished, exiting');
    process.exit(0);
  });
  // Idle keep-alive sockets would otherwise hold close() open.
  server.closeIdleConnections();

  // A request that never ends must not keep us alive past the deadline.
  setTimeout(() => {
    console.log(`deadline of ${deadlineMs} ms passed, closing remaining connections`);
    server.closeAllConnections();
    process.exit(1);
  }, deadlineMs).unref();
});
