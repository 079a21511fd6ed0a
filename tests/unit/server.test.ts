import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, headersFile } from '../../src/server/headers.ts';
import { openBrowser } from '../../src/server/open-browser.ts';
import { parseServerOptions } from '../../src/server/options.ts';
import { createSiteServer } from '../../src/server/site-server.ts';
import { isBuildStale } from '../../src/server/stale.ts';

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('parseServerOptions', () => {
  it('binds loopback on 4321 by default and ignores a HOST variable', () => {
    const o = parseServerOptions([], { HOST: '0.0.0.0' });
    expect(o).toMatchObject({ host: '127.0.0.1', port: 4321, warnings: [] });
  });
  it('takes the port from PORT and refuses a bad one', () => {
    expect(parseServerOptions([], { PORT: '5000' }).port).toBe(5000);
    expect(() => parseServerOptions([], { PORT: 'abc' })).toThrow(/PORT must be a whole number.*"abc"/);
    expect(() => parseServerOptions([], { PORT: '70000' })).toThrow(/PORT/);
  });
  it('widens the bind address only with --host, and warns', () => {
    const o = parseServerOptions(['--host', '0.0.0.0'], {});
    expect(o.host).toBe('0.0.0.0');
    expect(o.warnings.join(' ')).toMatch(/not only on this machine/);
  });
  it('says what protects what when binding beyond loopback', () => {
    const { warnings } = parseServerOptions(['--host', '0.0.0.0'], {});
    expect(warnings.join(' ')).toMatch(/Pages are readable by anyone; running code needs the runner cookie, which only the link printed below/);
    expect(warnings.join(' ')).toMatch(/plain HTTP/);
  });
  it('opens a browser only with --open, and says why when it cannot', async () => {
    expect(parseServerOptions([], {}).open).toBe(false);
    expect(parseServerOptions(['--open'], {}).open).toBe(true);
    expect(await openBrowser('http://localhost:1/?token=x', { BROWSER: '/no/such/browser' })).toMatch(/could not start "\/no\/such\/browser" to open a browser/);
  });
  it('rejects unknown flags', () => {
    expect(() => parseServerOptions(['--hots', 'x'], {})).toThrow(/hots/);
  });
});

describe('site server', () => {
  const dist = mkdtempSync(join(tmpdir(), 'archlab-dist-'));
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    mkdirSync(join(dist, 'lessons', 'one'), { recursive: true });
    mkdirSync(join(dist, '_astro'));
    writeFileSync(join(dist, 'index.html'), `<!doctype html><title>home</title>${'<p>text</p>'.repeat(200)}`);
    writeFileSync(join(dist, 'lessons', 'one', 'index.html'), '<!doctype html><title>one</title>');
    writeFileSync(join(dist, '404.html'), '<!doctype html><title>Page not found</title>');
    writeFileSync(join(dist, '_astro', 'app.abc123.js'), `console.log(${'1+'.repeat(400)}1);`);
    server = createSiteServer(dist).server;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => {
    server.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('sends the cross-origin isolation headers on pages', async () => {
    const r = await get(port, '/lessons/one/');
    expect(r.status).toBe(200);
    expect(r.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(r.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(r.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(r.headers['cache-control']).toMatch(/must-revalidate/);
  });
  it('caches hashed assets forever and compresses them', async () => {
    const r = await get(port, '/_astro/app.abc123.js', { 'accept-encoding': 'gzip' });
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(r.body).toString()).toMatch(/^console\.log/);
    const br = await get(port, '/_astro/app.abc123.js', { 'accept-encoding': 'gzip, br' });
    expect(br.headers['content-encoding']).toBe('br');
  });
  it('keeps answering other requests while a big file is compressed the first time', async () => {
    const lines = Array.from({ length: 120_000 }, (_, i) => `export const value${i} = ${(i * 7919) % 100_003};`);
    writeFileSync(join(dist, '_astro', 'big.def456.js'), lines.join('\n'));
    const order: string[] = [];
    const big = get(port, '/_astro/big.def456.js', { 'accept-encoding': 'br' }).then((r) => {
      order.push('big');
      return r;
    });
    const small = get(port, '/lessons/one/').then(() => order.push('small'));
    const [bigReply] = await Promise.all([big, small]);
    expect(order).toEqual(['small', 'big']);
    expect(bigReply.headers['content-encoding']).toBe('br');
  });
  it('answers a matching ETag with 304', async () => {
    const first = await get(port, '/');
    const again = await get(port, '/', { 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
  });
  it('redirects a directory URL to its trailing-slash form', async () => {
    const r = await get(port, '/lessons/one');
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe('/lessons/one/');
  });
  it('never redirects to another host, however many slashes the path starts with', async () => {
    for (const path of ['//x//evil.example/..%2flessons%2fone', '///x//evil.example/..%2flessons%2fone', '/\\x//evil.example/..%2flessons%2fone']) {
      const r = await get(port, path);
      expect(r.status, path).toBe(301);
      expect(r.headers.location, path).toMatch(/^\/[^/\\]/);
    }
  });
  it('sends the content security policy and keeps only the origin in cross-origin referrers', async () => {
    for (const path of ['/', '/lessons/one/', '/missing/']) {
      const r = await get(port, path);
      expect(r.headers['content-security-policy'], path).toBe(contentSecurityPolicy);
      expect(r.headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
    }
  });
  it('serves the site 404 page with status 404, also for traversal attempts', async () => {
    for (const path of ['/missing/', '/..%2f..%2fetc/passwd', '/%00', '/%E0%A4%A']) {
      const r = await get(port, path);
      expect(r.status, path).toBe(404);
    }
    expect((await get(port, '/missing/')).body.toString()).toMatch(/Page not found/);
  });
  it('refuses methods other than GET and HEAD, and answers HEAD without a body', async () => {
    expect((await get(port, '/', {}, 'POST')).status).toBe(405);
    const head = await get(port, '/', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });
  it('survives a malformed request target and a file deleted between lookup and read', async () => {
    const net = await import('node:net');
    const raw = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write('GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
      let data = '';
      socket.on('data', (d) => (data += d));
      socket.on('close', () => resolve(data));
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    writeFileSync(join(dist, 'gone.txt'), 'x');
    rmSync(join(dist, 'gone.txt'));
    expect((await get(port, '/gone.txt')).status).toBe(404);
    expect((await get(port, '/')).status).toBe(200);
  });
  it('reserves the runner path', async () => {
    expect((await get(port, '/__archlab/runner')).status).toBe(503);
  });
});

describe('_headers file for static hosts', () => {
  it('carries the isolation headers for every path and immutable caching for hashed assets', () => {
    const file = headersFile();
    expect(file).toMatch(/^\/\*\n(?:  .+\n)*  Cross-Origin-Embedder-Policy: require-corp\n/m);
    expect(file).toMatch(/Cross-Origin-Opener-Policy: same-origin/);
    expect(file).toMatch(/\/_astro\/\*\n  Cache-Control: public, max-age=31536000, immutable/);
    expect(file).toContain(`  Content-Security-Policy: ${contentSecurityPolicy}\n`);
    expect(file).toContain('  Referrer-Policy: strict-origin-when-cross-origin\n');
  });
});

describe('content security policy', () => {
  const directives = new Map(contentSecurityPolicy.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));

  it("allows WebContainer's frame and connect origins and the local previews", () => {
    // Exactly these: an origin added here is one more site that can frame content into the workspace.
    expect(directives.get('frame-src')).toEqual(["'self'", 'http://*.localhost:*', 'https://stackblitz.com', 'https://*.webcontainer-api.io']);
    expect(directives.get('connect-src')).toEqual(["'self'", 'https://*.webcontainer-api.io']);
  });
  it('lets WASM compile and inline styles apply, but no inline script or eval', () => {
    expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directives.get('style-src')).toContain("'unsafe-inline'");
  });
  it('lets only the site itself frame its pages', () => {
    expect(directives.get('frame-ancestors')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
  });
});

describe('isBuildStale', () => {
  it('is stale without a build and after a source changes', () => {
    const root = mkdtempSync(join(tmpdir(), 'archlab-stale-'));
    const dist = join(root, 'dist');
    mkdirSync(join(root, 'lessons'));
    writeFileSync(join(root, 'lessons', 'a.mdx'), 'x');
    expect(isBuildStale(root, dist)).toBe(true);
    mkdirSync(dist);
    writeFileSync(join(dist, 'index.html'), 'built');
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(root, 'lessons', 'a.mdx'), old, old);
    utimesSync(join(root, 'lessons'), old, old);
    expect(isBuildStale(root, dist)).toBe(false);
    writeFileSync(join(root, 'lessons', 'a.mdx'), 'changed');
    expect(isBuildStale(root, dist)).toBe(true);
    rmSync(root, { recursive: true, force: true });
  });
});

describe('site server under hostile upgrades', () => {
  it('survives clients that reset refused WebSocket upgrades', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'archlab-dist-'));
    writeFileSync(join(dist, 'index.html'), 'home');
    const { server } = createSiteServer(dist);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const net = await import('node:net');
    await Promise.all(
      Array.from({ length: 50 }, () => new Promise<void>((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.write('GET /x HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
          socket.resetAndDestroy();
          resolve();
        });
        socket.on('error', () => resolve());
      })),
    );
    expect((await get(port, '/')).status).toBe(200);
    server.close();
    rmSync(dist, { recursive: true, force: true });
  });
});
