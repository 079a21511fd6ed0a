/**
 * Test harness for the runner: a plain HTTP server with the runner attached on an ephemeral loopback port, a
 * WebSocket client speaking the protocol, and a count of the sandbox processes still alive.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { findMarked } from '../../src/process/marker.ts';
import { randomBytes } from 'node:crypto';
import { createRunner, type AttachedRunner, type RunnerOptions } from '../../src/runner/index.ts';
import { serverMessageSchema, type ClientMessage, type ServerMessage } from '../../src/schemas/runner.ts';

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

export class Client {
  readonly ws: WebSocket;
  readonly received: ServerMessage[] = [];
  readonly #waiters = new Set<() => void>();
  #nextId = 1;
  closeCode: number | undefined;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      // Every message the runner sends must match the protocol schema.
      this.received.push(serverMessageSchema.parse(JSON.parse(data.toString())));
      for (const wake of this.#waiters) wake();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      for (const wake of this.#waiters) wake();
    });
  }

  static connect(t: TestRunner): Promise<Client> {
    const ws = new WebSocket(`ws://127.0.0.1:${t.port}/__archlab/runner`, { headers: { cookie: t.cookie, origin: t.origin } });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new Client(ws)));
      ws.once('error', reject);
    });
  }

  send(message: ClientMessage | Record<string, unknown>): void {
    this.ws.send(JSON.stringify(message));
  }

  /** Resolves with the first received message (already received or future) satisfying `test`. */
  waitFor<T extends ServerMessage>(test: (m: ServerMessage) => m is T, timeout?: number): Promise<T>;
  waitFor(test: (m: ServerMessage) => boolean, timeout?: number): Promise<ServerMessage>;
  waitFor(test: (m: ServerMessage) => boolean, timeout = 5000): Promise<ServerMessage> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.received.find(test);
        if (found) {
          done();
          resolve(found);
        } else if (this.closeCode !== undefined) {
          done();
          reject(new Error(`socket closed (${this.closeCode}) before the awaited message; got ${JSON.stringify(this.received).slice(-500)}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out; received ${JSON.stringify(this.received).slice(-500)}`));
      }, timeout);
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
      check();
    });
  }

  /** Sends a request with a fresh id and resolves with its one reply. */
  async request(message: Record<string, unknown>, timeout?: number): Promise<ServerMessage> {
    const id = this.#nextId++;
    this.send({ ...message, id });
    return this.waitFor((m) => 'id' in m && m.id === id, timeout);
  }

  async open(exerciseId: string): Promise<Extract<ServerMessage, { type: 'opened' }>> {
    const reply = await this.request({ type: 'open', exerciseId });
    if (reply.type !== 'opened') throw new Error(`open failed: ${JSON.stringify(reply)}`);
    return reply;
  }

  async spawn(type: 'shell' | 'run'): Promise<Extract<ServerMessage, { type: 'spawned' }>> {
    const reply = await this.request({ type, cols: 80, rows: 24 });
    if (reply.type !== 'spawned') throw new Error(`${type} failed: ${JSON.stringify(reply)}`);
    return reply;
  }

  /** Everything pty `pty` printed so far. */
  output(pty: number): string {
    return this.received.map((m) => (m.type === 'output' && m.pty === pty ? m.data : '')).join('');
  }

  waitForOutput(pty: number, pattern: RegExp, timeout?: number): Promise<ServerMessage> {
    return this.waitFor(() => pattern.test(this.output(pty)), timeout);
  }

  close(): void {
    this.ws.close();
  }

  closed(): Promise<number> {
    return new Promise((resolve) => (this.closeCode !== undefined ? resolve(this.closeCode) : this.ws.once('close', resolve)));
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
