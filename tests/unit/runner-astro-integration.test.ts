/** The runner inside `npm run dev`: the Astro integration's hooks driven with a minimal stand-in for Vite's server. */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { archlabRunner } from '../../src/astro/runner-integration.ts';
import { loginCookie, openRuntime, REAL_EXERCISE, repoRoot, request, Transcript, upgradeStatus, type TestRunner } from './runner-harness.ts';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

const integration = archlabRunner();
const hooks = integration.hooks as Record<string, (options: unknown) => Promise<void> | void>;
const server = http.createServer();
const middlewares: Middleware[] = [];
let t: TestRunner;
const token = 'dev-server-token-0123456789abcdef';
const logged: string[] = [];

beforeAll(async () => {
  // Like Vite: middlewares in order, then the page; a second upgrade listener stands for HMR.
  server.on('request', (req, res) => {
    const step = (i: number) => (i < middlewares.length ? middlewares[i]!(req, res, () => step(i + 1)) : res.end('page'));
    step(0);
  });
  server.on('upgrade', (req, socket) => {
    if (req.url?.startsWith('/__archlab/')) return;
    // Answer after the runner's listener had its turn (it acts in a promise callback, which runs before any
    // setImmediate callback), so any answer of the runner's would come first.
    setImmediate(() => socket.end('HTTP/1.1 418 Vite\r\n\r\n', () => socket.destroy()));
  });
  const logger = { info: (message: string) => logged.push(message), error: (message: string) => console.error(message) };
  process.env.ARCHLAB_TOKEN = token;
  await hooks['astro:config:done']!({ config: { root: pathToFileURL(`${repoRoot}/`) } });
  await hooks['astro:server:setup']!({ server: { middlewares: { use: (m: Middleware) => middlewares.push(m) }, httpServer: server } });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  await hooks['astro:server:start']!({ address, logger });
  delete process.env.ARCHLAB_TOKEN;
  const host = `127.0.0.1:${address.port}`;
  const cookie = await loginCookie(address.port, host, token);
  t = { runner: undefined as never, port: address.port, origin: `http://${host}`, host, token, cookie, close: async () => {} };
});

afterAll(async () => {
  await hooks['astro:server:done']!({});
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

it('prints the token link, sets the cookie only through it, and refuses a foreign Host', async () => {
  expect(logged).toContain(`http://localhost:${t.port}/?token=${token}`);
  expect(t.cookie).toBe(`archlab_runner_${t.port}=${token}`);
  expect((await request(t.port, '/', { host: t.host })).headers['set-cookie']).toBeUndefined();
  expect((await request(t.port, '/', { host: `evil.example:${t.port}` })).status).toBe(403);
});

it('serves the runner over the dev server and leaves other upgrades to Vite', async () => {
  const runtime = await openRuntime(t, REAL_EXERCISE);
  await new Transcript(await runtime.shell({ cols: 80, rows: 24 })).waitFor(/[$#] $/m);
  await runtime.dispose();
  expect(await upgradeStatus(t, { origin: t.origin })).toMatchObject({ status: 403 });
  const socket = net.connect({ host: '127.0.0.1', port: t.port });
  socket.write(`GET /?token=x HTTP/1.1\r\nHost: ${t.host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`);
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString()));
  await new Promise((resolve) => socket.once('close', resolve));
  expect(received).toBe('HTTP/1.1 418 Vite\r\n\r\n');
});
