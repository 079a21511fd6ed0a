// Starts both processes, the way `docker compose up` would start nginx and gunicorn:
// the app on a port of its own, the proxy on PORT in front of it. Ctrl+C (or Stop) ends both.
import { spawn } from 'node:child_process';
import net from 'node:net';

const port = Number(process.env.PORT ?? 8080);
const appPort = Number(process.env.APP_PORT ?? (await freePort()));

const app = spawn(process.execPath, ['app.js'], { env: { ...process.env, PORT: String(appPort) }, stdio: 'inherit' });
const proxy = spawn(process.execPath, ['proxy.js'], {
  env: { ...process.env, PORT: String(port), APP_PORT: String(appPort) },
  stdio: 'inherit',
});

// When the proxy exits (for example because it crashed), say so: the site is down with it.
proxy.on('exit', (code, signal) => {
  console.log(`proxy exited (${signal ?? `code ${code}`}); the site is down`);
  app.kill();
  process.exit(1);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    app.kill();
    proxy.kill();
    process.exit(0);
  });
}

function freePort() {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
