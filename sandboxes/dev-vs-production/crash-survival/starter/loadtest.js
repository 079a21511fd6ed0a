// Load test: keep 20 clients busy on GET / for 5 seconds while a bug crashes a worker every
// second, then count how many requests succeeded. Run it with `node loadtest.js`.
// It starts its own copy of server.js on a free port, so it works with or without Run.
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';

const DURATION_MS = Number(process.env.DURATION_MS ?? 5000);
const CONCURRENCY = 20;
const CRASH_EVERY_MS = 1000;

const port = await new Promise((resolve) => {
  const probe = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const server = spawn(process.execPath, ['server.js'], {
  env: { ...process.env, PORT: String(port) },
  stdio: 'ignore',
});
await waitForPort(port);

const agent = new http.Agent({ keepAlive: false });
const counts = { ok: 0, failed: 0 };
const deadline = Date.now() + DURATION_MS;

const clients = Array.from({ length: CONCURRENCY }, async () => {
  while (Date.now() < deadline) {
    const ok = await get('/');
    counts[ok ? 'ok' : 'failed'] += 1;
    if (!ok) await sleep(10); // a refused connection fails instantly; do not spin
  }
});
const crasher = (async () => {
  while (Date.now() + CRASH_EVERY_MS < deadline) {
    await sleep(CRASH_EVERY_MS);
    await get('/crash');
  }
})();
await Promise.all([...clients, crasher]);
server.kill();

const seconds = DURATION_MS / 1000;
console.log(`${DURATION_MS / 1000} s, ${CONCURRENCY} clients, a crash every ${CRASH_EVERY_MS / 1000} s`);
console.log(`  succeeded: ${counts.ok} (${Math.round(counts.ok / seconds)} req/s)`);
console.log(`  failed:    ${counts.failed}`);

function get(path) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitForPort(port) {
  for (let i = 0; i < 100; i += 1) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await sleep(50);
  }
  throw new Error('server.js did not start listening within 5 s');
}
