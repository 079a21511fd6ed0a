// What Run starts: the app on a port of its own, then the proxy on PORT in front of it (as docker compose
// would start gunicorn and nginx). Stop ends both.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

const port = process.env.PORT ?? '8080';
const appPort = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const free = probe.address().port;
    probe.close(() => resolve(String(free)));
  });
});

const children = [];
function run(file, env) {
  const child = spawn(process.execPath, [file], { env: { ...process.env, ...env }, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    console.log(`${file} exited (${signal ?? `code ${code}`})`);
    for (const other of children) other.kill();
    process.exitCode = 1;
  });
  children.push(child);
}

run('app.js', { PORT: appPort });
run('proxy.js', { PORT: port, APP_PORT: appPort });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => children.forEach((child) => child.kill()));
