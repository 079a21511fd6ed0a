import http from 'node:http';
import { handle } from './app.js';

const port = Number(process.env.PORT ?? 3000);

// Tempting, and wrong: log every uncaught exception and keep the process running.
// The request that failed never gets an answer, and the process carries on in whatever
// half-finished state the exception left behind.
process.on('uncaughtException', (err) => {
  console.error('uncaught exception, carrying on:', err.message);
});

http.createServer(handle).listen(port, () => {
  console.log(`pid ${process.pid} listening on http://localhost:${port}`);
});
