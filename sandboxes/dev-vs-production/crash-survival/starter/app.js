// The application: plain request handlers, unaware of how many processes run them.
// Like a Django project's views, it should not care whether runserver, gunicorn or
// uWSGI calls it. You do not need to change this file.

const reports = new Map([['42', { title: 'Quarterly numbers', owner: { name: 'Ada' } }]]);

export function handle(req, res) {
  const url = new URL(req.url ?? '/', 'http://localhost');

  if (url.pathname === '/') {
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end(`hello from pid ${process.pid}\n`);
    return;
  }

  if (url.pathname === '/report') {
    // A bug: a report that does not exist has no owner, and this line throws a TypeError.
    const report = reports.get(url.searchParams.get('id') ?? '');
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end(`${report.title} by ${report.owner.name}\n`);
    return;
  }

  if (url.pathname === '/crash') {
    // A bug in a callback: it throws later, outside any try/catch around the handler,
    // exactly like an exception inside a database driver's callback would.
    res.end(`crashing pid ${process.pid}\n`);
    setTimeout(() => {
      throw new Error(`simulated bug in a callback (pid ${process.pid})`);
    }, 10);
    return;
  }

  res.statusCode = 404;
  res.end('not found\n');
}
