/**
 * The site server compresses each file the first time it is asked for it. The bench requests every built file
 * once before measuring, as a browser would (brotli or gzip), so page timings measure pages and not that one-time
 * cost, which it reports on its own.
 */
import { listFiles } from './list-files.ts';
import { httpGet } from './http-get.ts';

export interface WarmUp {
  files: number;
  ms: number;
  /** The slowest first request: while it is compressed, the server answers nothing else. */
  slowest: { path: string; ms: number };
}

export async function warmServer(port: number, distDir: string): Promise<WarmUp> {
  const started = performance.now();
  const slowest = { path: '', ms: 0 };
  const files = listFiles(distDir);
  for (const file of files) {
    const path = `/${file.split('/').map(encodeURIComponent).join('/')}`;
    const requested = performance.now();
    const res = await httpGet(port, path, { host: `localhost:${port}`, 'accept-encoding': 'br, gzip' }, 180_000);
    if (res.status !== 200) throw new Error(`warming the server: GET ${path} answered ${res.status}`);
    const ms = performance.now() - requested;
    if (ms > slowest.ms) Object.assign(slowest, { path, ms });
  }
  return { files: files.length, ms: performance.now() - started, slowest };
}
