/** The runner attached to a plain HTTP server: who may connect, what a session may touch, caps, and the preview. */
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, loginCookie, REAL_EXERCISE, repoRoot, request, startRunner, upgradeStatus, type TestRunner } from './runner-harness.ts';
import { RawClient } from './runner-raw-client.ts';

describe('who may connect', () => {
  let t: TestRunner;
  beforeAll(async () => (t = await startRunner()));
  afterAll(() => t.close());

  it('hands the cookie only to the token link; the probe says whether a request may connect and sets none', async () => {
    expect(t.cookie).toBe(`archlab_runner_${t.port}=${t.token}`);
    const probe = await request(t.port, '/__archlab/runner', { host: t.host });
    expect(probe.status).toBe(200);
    expect(probe.headers['set-cookie']).toBeUndefined();
    expect(JSON.parse(probe.body)).toEqual({ runner: true, authorized: false });
    const withCookie = await request(t.port, '/__archlab/runner', { host: t.host, cookie: t.cookie });
    expect(JSON.parse(withCookie.body)).toEqual({ runner: true, authorized: true });
    expect((await request(t.port, '/?token=from-an-earlier-start-000000', { host: t.host })).headers['set-cookie']).toBeUndefined();
  });

  it('a stopping runner answers its probe 503, so a tab that lost it does not take it for a runner that is back', async () => {
    const stopping = await startRunner();
    const cookie = stopping.cookie;
    const closed = stopping.runner.close();
    const probe = await request(stopping.port, '/__archlab/runner', { host: stopping.host, cookie });
    expect(probe.status).toBe(503);
    await closed;
    await stopping.close();
  });

  it('a client that fetched pages without the token cannot upgrade; one that visited the token link can', async () => {
    const cookies: string[] = [];
    for (const path of ['/', '/lessons/', '/__archlab/runner', '/?token=', '/?token=wrong']) {
      cookies.push(...[(await request(t.port, path, { host: t.host })).headers['set-cookie'] ?? []].flat());
    }
    expect(cookies).toEqual([]);
    expect(await upgradeStatus(t, { origin: t.origin })).toMatchObject({ status: 403, body: /token cookie/ });
    const cookie = await loginCookie(t.port, t.host, t.token);
    expect((await upgradeStatus(t, { cookie, origin: t.origin })).status).toBe(101);
  });

  it('accepts the upgrade with the cookie and the page origin', async () => {
    expect((await upgradeStatus(t, { cookie: t.cookie, origin: t.origin })).status).toBe(101);
    // Any loopback name of the server works, as long as Origin matches it.
    expect((await upgradeStatus(t, { cookie: t.cookie, origin: `http://localhost:${t.port}`, host: `localhost:${t.port}` })).status).toBe(101);
  });

  it('refuses the upgrade without the token, or with a wrong one', async () => {
    expect(await upgradeStatus(t, { origin: t.origin })).toMatchObject({ status: 403, body: /token cookie/ });
    const wrong = t.cookie.replace(/=.*/, '=not-the-token');
    expect(await upgradeStatus(t, { cookie: wrong, origin: t.origin })).toMatchObject({ status: 403, body: /token cookie/ });
  });

  it('refuses a foreign or missing Origin', async () => {
    expect(await upgradeStatus(t, { cookie: t.cookie, origin: 'http://evil.example' })).toMatchObject({ status: 403, body: /Origin/ });
    expect(await upgradeStatus(t, { cookie: t.cookie })).toMatchObject({ status: 403, body: /Origin/ });
    expect((await upgradeStatus(t, { cookie: t.cookie, origin: `http://localhost:${t.port}` })).status).toBe(403);
  });

  it('refuses a foreign Host on every request, upgrades included', async () => {
    const rebinding = `evil.example:${t.port}`;
    const page = await request(t.port, '/', { host: rebinding });
    expect(page.status).toBe(403);
    expect(page.headers['set-cookie']).toBeUndefined();
    expect((await request(t.port, '/__archlab/runner', { host: rebinding })).status).toBe(403);
    expect((await request(t.port, '/', { host: `localhost:${t.port + 1}` })).status).toBe(403);
    expect(await upgradeStatus(t, { cookie: t.cookie, origin: `http://${rebinding}`, host: rebinding })).toMatchObject({ status: 403, body: /Host/ });
  });

  it('refuses upgrades anywhere but the runner path', async () => {
    expect((await upgradeStatus(t, { cookie: t.cookie, origin: t.origin }, '/other')).status).toBe(404);
  });
});

describe('a session', () => {
  let t: TestRunner;
  let client: RawClient;
  beforeAll(async () => (t = await startRunner({ repoRoot, limits: { maxFiles: 5, maxFileBytes: 1000, maxTotalBytes: 10_000, maxPtys: 2 } })));
  afterAll(() => t.close());
  afterEach(() => client?.close());

  it('answers every request before open with no-session, and a bad exercise with a clear error', async () => {
    client = await RawClient.connect(t);
    expect(await client.request({ type: 'list' })).toMatchObject({ type: 'error', code: 'no-session' });
    expect(await client.request({ type: 'open', exerciseId: '../../etc' })).toMatchObject({ code: 'bad-message', message: /exerciseId/ });
    expect(await client.request({ type: 'open', exerciseId: 'no-such/exercise' })).toMatchObject({ code: 'not-found', message: /no-such\/exercise/ });
    await client.open(REAL_EXERCISE);
    expect(await client.request({ type: 'open', exerciseId: REAL_EXERCISE })).toMatchObject({ code: 'already-open' });
  });

  it('survives garbage and keeps answering', async () => {
    client = await RawClient.connect(t);
    client.ws.send('{nope');
    client.ws.send(Buffer.from([0, 1, 2]), { binary: true });
    client.ws.send(JSON.stringify({ type: 'input', pty: 'all', data: 1 }));
    await client.waitFor(() => client.received.filter((m) => m.type === 'error').length === 3);
    expect(client.received.filter((m) => m.type === 'error')).toEqual([
      { type: 'error', code: 'bad-message', message: expect.stringMatching(/^not JSON: /) },
      { type: 'error', code: 'bad-message', message: 'expected a JSON text frame, got binary data' },
      { type: 'error', code: 'bad-message', message: expect.stringMatching(/^pty: [\s\S]*\bdata: /) }, // names both wrong fields
    ]);
    const { files } = await client.open(REAL_EXERCISE);
    expect(Object.keys(files).sort()).toEqual(['package.json', 'server.js']);
  });

  it('reports input for a pty that does not exist', async () => {
    client = await RawClient.connect(t);
    await client.open(REAL_EXERCISE);
    client.send({ type: 'input', pty: 999, data: 'x' });
    expect(await client.waitFor((m) => m.type === 'error')).toMatchObject({ code: 'no-pty' });
  });

  it('writes, reads and lists files', async () => {
    client = await RawClient.connect(t);
    await client.open(REAL_EXERCISE);
    expect(await client.request({ type: 'write', path: 'lib/util.js', contents: 'export const x = 1;\n' })).toMatchObject({ type: 'ok' });
    expect(await client.request({ type: 'read', path: 'lib/util.js' })).toMatchObject({ type: 'file', contents: 'export const x = 1;\n' });
    expect(await client.request({ type: 'list' })).toMatchObject({ paths: ['lib/util.js', 'package.json', 'server.js'], truncated: false });
    expect(await client.request({ type: 'read', path: 'missing.js' })).toMatchObject({ code: 'not-found' });
    expect(await client.request({ type: 'read', path: 'lib' })).toMatchObject({ code: 'bad-path', message: /not a file/ });
  });

  it('refuses traversal in every form, including a symbolic link made in the terminal', async () => {
    client = await RawClient.connect(t);
    await client.open(REAL_EXERCISE);
    for (const path of ['../escape.js', '/tmp/escape.js', 'a/../../escape.js', 'a\\..\\b', 'a\0b']) {
      expect(await client.request({ type: 'write', path, contents: 'x' })).toMatchObject({ type: 'error', code: 'bad-path' });
    }
    // A name the file system would refuse is the learner's mistake, said as such, not an internal error.
    for (const path of ['n'.repeat(256), `dir/${'é'.repeat(128)}.js`]) {
      expect(await client.request({ type: 'write', path, contents: 'x' })).toMatchObject({ type: 'error', code: 'bad-path', message: /at most 255 bytes/ });
      expect(await client.request({ type: 'read', path })).toMatchObject({ type: 'error', code: 'bad-path' });
    }
    const { pty } = await client.spawn('shell');
    client.send({ type: 'input', pty, data: 'ln -s /etc out && ln -s /etc/hostname host && echo linked\r' });
    await client.waitForOutput(pty, /^linked/m);
    expect(await client.request({ type: 'read', path: 'out/passwd' })).toMatchObject({ code: 'bad-path', message: /"out" is a symbolic link leading outside/ });
    expect(await client.request({ type: 'write', path: 'host', contents: 'x' })).toMatchObject({ code: 'bad-path', message: /leading outside/ });
    expect(await client.request({ type: 'mount', files: { 'ok.js': '', 'out/x': '' } })).toMatchObject({ code: 'bad-path' });
    // All or nothing: the valid file of the refused mount was not written.
    expect(await client.request({ type: 'read', path: 'ok.js' })).toMatchObject({ code: 'not-found' });
  });

  it('caps one file, the number of files and their total size', async () => {
    client = await RawClient.connect(t);
    await client.open(REAL_EXERCISE); // two starter files count already
    expect(await client.request({ type: 'write', path: 'big.txt', contents: 'x'.repeat(1001) })).toMatchObject({ code: 'limit', message: /at most 1 KB/ });
    const four = { 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c', 'd.txt': 'd' };
    expect(await client.request({ type: 'mount', files: four })).toMatchObject({ code: 'limit', message: /at most 5 files; this would make 6/ });
    expect(await client.request({ type: 'list' })).toMatchObject({ paths: ['package.json', 'server.js'] });
    expect(await client.request({ type: 'mount', files: { 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c' } })).toMatchObject({ type: 'ok' });
    // Rewriting an existing file is not a new file.
    expect(await client.request({ type: 'write', path: 'a.txt', contents: 'again' })).toMatchObject({ type: 'ok' });
  });

  it('caps the total bytes', async () => {
    const big = await startRunner({ repoRoot, limits: { maxFileBytes: 3000, maxTotalBytes: 4000 } });
    try {
      client = await RawClient.connect(big);
      await client.open(REAL_EXERCISE); // the starter is about 1 KB
      expect(await client.request({ type: 'write', path: 'a.txt', contents: 'x'.repeat(2000) })).toMatchObject({ type: 'ok' });
      expect(await client.request({ type: 'write', path: 'b.txt', contents: 'x'.repeat(2000) })).toMatchObject({ code: 'limit', message: /total at most 4 KB/ });
    } finally {
      client.close();
      await big.close();
    }
  });

  it("lays the lesson's shared files beside the starter", async () => {
    const roomy = await startRunner({ repoRoot });
    try {
      client = await RawClient.connect(roomy);
      const { files } = await client.open('message-queues/explicit-acks');
      expect(files['broker.js']).toBe(await readFile(path.join(repoRoot, 'sandboxes/message-queues/_shared/broker.js'), 'utf8'));
      expect(Object.keys(files)).toContain('live-view.js');
    } finally {
      client.close();
      await roomy.close();
    }
  });

  it('caps the ptys alive at once', async () => {
    client = await RawClient.connect(t);
    await client.open(REAL_EXERCISE);
    await client.spawn('shell');
    await client.spawn('shell');
    expect(await client.request({ type: 'shell', cols: 80, rows: 24 })).toMatchObject({ code: 'limit', message: /at most 2 terminals/ });
  });
});

describe('the session cap', () => {
  it('refuses a session past the cap with a clear message, and frees the slot when one ends', async () => {
    const t = await startRunner({ repoRoot, maxSessions: 2 });
    try {
      const first = await RawClient.connect(t);
      const second = await RawClient.connect(t);
      const third = await RawClient.connect(t);
      await first.open(REAL_EXERCISE);
      await second.open(REAL_EXERCISE);
      expect(await third.request({ type: 'open', exerciseId: REAL_EXERCISE })).toMatchObject({ code: 'session-limit', message: /2 sandboxes open/ });
      expect(await third.closed()).toBe(1013);
      first.close();
      // The slot frees as soon as the runner has seen the close.
      const reopened = await eventually(async () => {
        const next = await RawClient.connect(t);
        return (await next.request({ type: 'open', exerciseId: REAL_EXERCISE })).type === 'opened';
      });
      expect(reopened).toBe(true);
    } finally {
      await t.close();
    }
  });
});

describe('the preview', () => {
  let t: TestRunner;
  let client: RawClient;
  let sessionId: string;
  let port: number;
  let runPty: number;
  let previewHost: string;
  beforeAll(async () => {
    t = await startRunner();
    client = await RawClient.connect(t);
    ({ sessionId } = await client.open('runner-fixtures/upgrade-echo'));
    const run = await client.spawn('run');
    port = run.port;
    runPty = run.pty;
    const ready = await client.waitFor((m) => m.type === 'server-ready');
    previewHost = new URL(ready.type === 'server-ready' ? ready.url : '').host;
  });
  afterAll(async () => {
    client.close();
    await t.close();
  });

  it('proxies the preview host to the sandbox port, keeping Host and adding CORP/COEP', async () => {
    expect(previewHost).toBe(`${sessionId}-${port}.localhost:${t.port}`);
    const answer = await request(t.port, '/any/path', { host: previewHost });
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(`host=${previewHost}\n`);
    expect(answer.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(answer.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(answer.headers['set-cookie']).toBeUndefined();
  });

  /** Sends an upgrade request over a raw socket and resolves with the socket and what came back so far. */
  async function rawUpgrade(urlPath: string, headers: string): Promise<{ socket: net.Socket; received: () => string }> {
    const socket = net.connect({ host: '127.0.0.1', port: t.port });
    await new Promise((resolve) => socket.once('connect', resolve));
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.write(`GET ${urlPath} HTTP/1.1\r\nHost: ${previewHost}\r\nConnection: Upgrade\r\n${headers}\r\n`);
    return { socket, received: () => received };
  }

  it('proxies upgrades on the preview host', async () => {
    const { socket, received } = await rawUpgrade('/socket', 'Upgrade: echo\r\n');
    expect(await eventually(async () => received().includes('101 Switching Protocols'))).toBe(true);
    socket.write('ping');
    expect(await eventually(async () => received().endsWith('ping'))).toBe(true);
    socket.destroy();
  });

  it('answers 404 for an unknown session or a port the session was not given', async () => {
    const unknown = await request(t.port, '/', { host: `${'0'.repeat(32)}-${port}.localhost:${t.port}` });
    expect(unknown).toMatchObject({ status: 404, body: /no sandbox at this address/ });
    expect(unknown.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const otherPort = await request(t.port, '/', { host: `${sessionId}-${t.port}.localhost:${t.port}` });
    expect(otherPort).toMatchObject({ status: 404, body: /not a port of this sandbox/ });
  });

  it('leaves every path of a preview host to the sandbox, the runner endpoint included', async () => {
    const { socket, received } = await rawUpgrade(
      '/__archlab/runner',
      `Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://${previewHost}\r\nCookie: ${t.cookie}\r\n`,
    );
    // The echo server answered (Upgrade: echo), not the runner's WebSocket endpoint.
    expect(await eventually(async () => received().includes('Upgrade: echo'))).toBe(true);
    socket.destroy();
  });

  it('stops proxying a port once the program it was given to has ended', async () => {
    client.send({ type: 'kill', pty: runPty });
    await client.waitFor((m) => m.type === 'exit' && m.pty === runPty);
    const after = await request(t.port, '/', { host: previewHost });
    expect(after).toMatchObject({ status: 404, body: /not a port of this sandbox/ });
  });
});
