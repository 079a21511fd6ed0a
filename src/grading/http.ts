/** `t.http`: one HTTP request with a deadline, failing with a message that says what happened on the wire. */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import type { HttpOptions, HttpResponse } from './api.ts';
import { HttpError } from './errors.ts';

const MAX_BODY = 1024 * 1024;
const DEFAULT_TIMEOUT = 2000;

function explain(error: NodeJS.ErrnoException, url: URL): { reason: string; code: string } {
  const code = error.code ?? 'EREQUEST';
  switch (code) {
    case 'ECONNREFUSED':
      return { code, reason: `connection refused: nothing is accepting connections on port ${url.port}` };
    case 'ECONNRESET':
      return { code, reason: 'the connection was closed before a complete response arrived' };
    case 'EPIPE':
      return { code, reason: 'the connection was closed while the request was being sent' };
    default:
      return { code, reason: error.message };
  }
}

/** Sends the request; every socket is closed afterwards (no keep-alive), so a check never holds a connection open by accident. */
export function httpRequest(url: URL, options: HttpOptions = {}): Promise<HttpResponse> {
  const method = (options.method ?? 'GET').toUpperCase();
  const label = `${method} ${url.pathname}${url.search}`;
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: HttpError | null, response?: HttpResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        req.destroy();
        reject(error);
      } else resolve(response!);
    };
    const req = http.request(url, { method, headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY) finish(new HttpError(`${label}: the response body is larger than 1 MB`, 'ETOOLARGE'));
        else chunks.push(chunk);
      });
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        finish(null, {
          status: res.statusCode ?? 0,
          headers,
          body: Buffer.concat(chunks).toString(),
          ms: Math.round(performance.now() - started),
        });
      });
      res.on('error', (error: NodeJS.ErrnoException) => {
        const { reason, code } = explain(error, url);
        finish(new HttpError(`${label}: ${reason}`, code));
      });
    });
    const timer = setTimeout(() => {
      finish(new HttpError(`${label}: no complete response within ${timeout} ms`, 'TIMEOUT'));
    }, timeout);
    req.on('error', (error: NodeJS.ErrnoException) => {
      const { reason, code } = error.message === 'socket hang up' ? { reason: 'the connection was closed before a response arrived', code: 'ECONNRESET' } : explain(error, url);
      finish(new HttpError(`${label}: ${reason}`, code));
    });
    req.end(options.body);
  });
}
