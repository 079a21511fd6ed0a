// Load test: for 5 seconds, 2 clients keep asking for prime counts while 10 clients hit /health.
// Prints how many /health answers came back and how long they took. Run it with `node loadtest.js`.
// It starts its own copy of server.js on a free port, so it works with or without Run.
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';

const DURATION_MS = Number(process.env.DURATION_MS ?? 5000);
const HEALTH_CLIENTS = 10;
const PRIME_CLIENTS = 2;

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

const agent = new http.Agent({ keepAlive: true });
const latencies = [];
let primeJobs = 0;
const deadline = Date.now() + DURATION_MS;

const healthClients = Array.from({ length: HEALTH_CLIENTS }, async () => {
  while (Date.now() < deadline) {
    const started = performance.now();
    if (await get('/health')) latencies.push(performance.now() - started);
  }
});
const primeClients = Array.from({ length: PRIME_CLIENTS }, async () => {
  while (Date.now() < deadline) {
    if (await get('/primes?below=2000000')) primeJobs += 1;
  }
});
await Promise.all([...healthClients, ...primeClients]);
server.kill();

latencies.sort((a, b) => a - b);
const at = (q) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN);
const seconds = DURATION_MS / 1000;
console.log(`${seconds} s: ${HEALTH_CLIENTS} clients on /health, ${PRIME_CLIENTS} on /primes?below=2000000`);
console.log(`  /health answers: ${latencies.length} (${Math.round(latencies.length / seconds)} req/s)`);
console.log(`  /health latency: median ${at(0.5)} ms, 99th percentile ${at(0.99)} ms, worst ${at(1)} ms`);
console.log(`  prime counts finished: ${primeJobs}`);

function get(path) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent, timeout: 30000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
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
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('server.js did not start listening within 5 s');
}
