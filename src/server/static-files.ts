import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { headersFor } from './headers.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.ttf': 'font/ttf',
};

const compressible = /^(text\/|application\/(json|wasm)|image\/svg)/;
const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Brotli's best quality takes tens of seconds on the multi-megabyte editor bundles; big files get a fast one. */
function brotliQuality(bytes: number): number {
  return bytes > 256 * 1024 ? 5 : 11;
}

interface CachedFile {
  mtimeMs: number;
  type: string;
  etag: string;
  raw: Buffer;
  gzip?: Buffer;
  br?: Buffer;
}

/**
 * Serves the built site: directory URLs map to index.html, missing pages get the site's 404 page, text is
 * compressed (brotli or gzip, computed once per file version) and every response carries the site headers.
 */
export function createStaticHandler(distDir: string) {
  const cache = new Map<string, CachedFile>();

  const pending = new Map<string, Promise<CachedFile>>();

  /**
   * Reads and compresses a file once per version. Stat and read are synchronous (a file is read once per version,
   * then served from memory); compression runs in zlib's thread pool, so one big file never stalls the server.
   */
  function load(file: string): Promise<CachedFile> {
    const { mtimeMs } = statSync(file);
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === mtimeMs) return Promise.resolve(hit);
    const key = `${file}@${mtimeMs}`;
    let loading = pending.get(key);
    if (!loading) {
      loading = (async () => {
        const raw = readFileSync(file);
        const type = contentTypes[extname(file)] ?? 'application/octet-stream';
        const entry: CachedFile = { mtimeMs, type, raw, etag: `"${createHash('sha1').update(raw).digest('base64url').slice(0, 20)}"` };
        if (compressible.test(type) && raw.length > 512) {
          [entry.gzip, entry.br] = await Promise.all([
            gzipAsync(raw, { level: 9 }),
            brotliAsync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: brotliQuality(raw.length) } }),
          ]);
        }
        cache.set(file, entry);
        return entry;
      })().finally(() => pending.delete(key));
      pending.set(key, loading);
    }
    return loading;
  }

  /** The file a URL path names, or undefined. Never leaves `distDir`. */
  function resolveFile(pathname: string): string | undefined {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return undefined;
    }
    if (decoded.includes('\0')) return undefined;
    const full = normalize(join(distDir, decoded));
    if (full !== distDir && !full.startsWith(distDir + sep)) return undefined;
    if (!existsSync(full)) return undefined;
    if (statSync(full).isDirectory()) {
      const index = join(full, 'index.html');
      return existsSync(index) ? index : undefined;
    }
    return full;
  }

  async function send(req: IncomingMessage, res: ServerResponse, file: string, status: number, pathname: string): Promise<void> {
    const entry = await load(file);
    const headers: Record<string, string> = { ...headersFor(pathname), 'Content-Type': entry.type, ETag: entry.etag, Vary: 'Accept-Encoding' };
    if (status === 200 && req.headers['if-none-match'] === entry.etag) {
      res.writeHead(304, headers).end();
      return;
    }
    const accept = String(req.headers['accept-encoding'] ?? '');
    let body = entry.raw;
    if (entry.br && /\bbr\b/.test(accept)) {
      body = entry.br;
      headers['Content-Encoding'] = 'br';
    } else if (entry.gzip && /\bgzip\b/.test(accept)) {
      body = entry.gzip;
      headers['Content-Encoding'] = 'gzip';
    }
    headers['Content-Length'] = String(body.length);
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  function fail(res: ServerResponse, error: unknown): void {
    console.error('archlab: could not serve a file:', error);
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Internal error while reading this file\n');
  }

  function serve(req: IncomingMessage, res: ServerResponse, extraHeaders: Record<string, string>): void {
    for (const [k, v] of Object.entries(extraHeaders)) res.setHeader(k, v);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request: the address is not a valid URL\n');
      return;
    }
    const file = resolveFile(url.pathname);
    if (file) {
      // Directory URLs without a trailing slash get one, so relative links inside the page resolve.
      if (file.endsWith(sep + 'index.html') && !url.pathname.endsWith('/') && !url.pathname.endsWith('.html')) {
        res.writeHead(301, { Location: `${url.pathname}/${url.search}`, ...headersFor(url.pathname) }).end();
        return;
      }
      void send(req, res, file, 200, url.pathname).catch((error) => fail(res, error));
      return;
    }
    const notFound = join(distDir, '404.html');
    if (existsSync(notFound)) void send(req, res, notFound, 404, url.pathname).catch((error) => fail(res, error));
    else res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...headersFor(url.pathname) }).end('Not found\n');
  }

  /** A file that vanishes mid-request (a rebuild) or a malformed URL answers 500 or 404; it never ends the server. */
  return function handle(req: IncomingMessage, res: ServerResponse, extraHeaders: Record<string, string> = {}): void {
    try {
      serve(req, res, extraHeaders);
    } catch (error) {
      fail(res, error);
    }
  };
}
