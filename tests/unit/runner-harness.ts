/**
 * Test harness for the runner: a plain HTTP server with the runner attached on an ephemeral loopback port, sessions
 * through `LocalRuntime` (the one client of the protocol), and a count of the sandbox processes still alive.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { findMarked } from '../../src/process/marker.ts';
import { randomBytes } from 'node:crypto';
import { createRunner, type AttachedRunner, type RunnerOptions } from '../../src/runner/index.ts';
import { LocalRuntime, type SocketLike } from '../../src/runtime/local.ts';
import type { PtyProcess } from '../../src/runtime/types.ts';
import { RUNNER_PATH } from '../../src/schemas/runner.ts';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const fixturesRoot = path.join(repoRoot, 'tests/fixtures/runner');
export const REAL_EXERCISE = 'dev-vs-production/graceful-shutdown';

export interface TestRunner {
  runner: AttachedRunner;
  port: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  host: string;
  /** The runner's token: `/?token=<token>` is the link the learner opens. */
  token: string;
  /** `name=value` of the token cookie, as the token link's response set it. */
  cookie: string;
  close(): Promise<void>;
}

export async function startRunner(options: Partial<RunnerOptions> = {}): Promise<TestRunner> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const token = options.token ?? randomBytes(24).toString('base64url');
  const runner = await createRunner({ port, bindHost: '127.0.0.1', repoRoot: fixturesRoot, ...options, token });
  server.on('request', (req, res) => {
    if (runner.handleRequest(req, res)) return;
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>page</title>');
  });
  server.on('upgrade', (req, socket, head) => runner.handleUpgrade(req, socket, head));
  const host = `127.0.0.1:${port}`;
  return {
    runner,
    port,
    origin: `http://${host}`,
    host,
    token,
    cookie: await loginCookie(port, host, token),
    async close() {
      await runner.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Visits the token link, as the learner's browser does, and returns the cookie it was given (`name=value`). */
export async function loginCookie(port: number, host: string, token: string): Promise<string> {
  const login = await request(port, `/?token=${token}`, { host });
  if (login.status !== 302) throw new Error(`the token link answered ${login.status}, not a redirect: ${login.body}`);
  return String(login.headers['set-cookie']?.[0] ?? '').split(';', 1)[0]!;
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** An HTTP request to 127.0.0.1:`port` with the given headers (`Host` included: Node's resolver knows no `*.localhost`). */
export function request(port: number, urlPath: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: urlPath, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Tries a WebSocket upgrade; resolves with 101 when accepted, else the refusal's status and body. */
export function upgradeStatus(t: TestRunner, headers: Record<string, string>, urlPath = '/__archlab/runner'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${t.port}${urlPath}`, { headers });
    ws.on('open', () => {
      ws.close();
      resolve({ status: 101, body: '' });
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('error', reject);
  });
}

/** How a page's socket reaches the runner from Node: with the token cookie and the page's Origin. */
export function pageSocket(t: TestRunner): (url: string) => SocketLike {
  return (url) => new WebSocket(url, { headers: { cookie: t.cookie, origin: t.origin } }) as unknown as SocketLike;
}

/**
 * A session of `exerciseId` through `LocalRuntime`, the runner's one client, connected as the page connects. A frame
 * from the runner outside the protocol fails the test that received it.
 */
export async function openRuntime(t: TestRunner, exerciseId: string): Promise<LocalRuntime> {
  const runtime = await LocalRuntime.create(exerciseId, { url: `ws://127.0.0.1:${t.port}${RUNNER_PATH}`, createSocket: pageSocket(t), timeoutMs: 10_000 });
  runtime.onInvalidMessage((problem, frame) => {
    throw new Error(`the runner sent a message outside the protocol (${problem}): ${frame.slice(0, 200)}`);
  });
  return runtime;
}

/** Values as they arrive, with a wait that also finds one that arrived before it began. */
export class Arrivals<T> {
  readonly seen: T[] = [];
  readonly #wakers = new Set<() => void>();
  #ended: Error | undefined;

  push = (value: T): void => {
    this.seen.push(value);
    for (const wake of [...this.#wakers]) wake();
  };

  /** Nothing more will arrive: a wait not satisfied by what came rejects with `reason`. */
  end(reason: Error): void {
    this.#ended = reason;
    for (const wake of [...this.#wakers]) wake();
  }

  waitFor(test: (value: T) => boolean, what: string, timeout = 5000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.seen.find(test);
        if (found !== undefined) {
          done();
          resolve(found);
        } else if (this.#ended) {
          done();
          reject(new Error(`${this.#ended.message} before ${what}; got ${JSON.stringify(this.seen).slice(-500)}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${what} within ${timeout} ms; got ${JSON.stringify(this.seen).slice(-500)}`));
      }, timeout);
      const done = () => {
        clearTimeout(timer);
        this.#wakers.delete(check);
      };
      this.#wakers.add(check);
      check();
    });
  }
}

/** Everything a pty prints, with a wait for its output so far to match a pattern. */
export class Transcript {
  text = '';
  readonly #chunks = new Arrivals<string>();

  constructor(pty: PtyProcess) {
    pty.onData((data) => {
      this.text += data;
      this.#chunks.push(data);
    });
  }

  async waitFor(pattern: RegExp, timeout?: number): Promise<void> {
    await this.#chunks.waitFor(() => pattern.test(this.text), `output matching ${pattern}`, timeout);
  }
}

/** Pids of live sandbox processes of runners in this process (every runner marks them `<pid>:sandbox:…`). */
export function sandboxProcesses(): Promise<number[]> {
  return findMarked((marker) => marker.startsWith(`${process.pid}:sandbox:`));
}

/** Polls `probe` until it returns true or `timeout` ms pass; resolves with the last value. */
export async function eventually(probe: () => Promise<boolean>, timeout = 3000): Promise<boolean> {
  const end = Date.now() + timeout;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
