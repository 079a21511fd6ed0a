/**
 * The local runner: attached to a loopback HTTP server (it never listens on its own), it serves the WebSocket at
 * `/__archlab/runner`, the preview hosts, and refuses requests that do not name this server.
 */
import { readdir, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { RUNNER_PATH, type Limits, type RunnerProbe } from '../schemas/runner.ts';
import { Connection, type RunnerState } from './connection.ts';
import { classifyHost, isSameOrigin, serverHostNames } from './http-guard.ts';
import { loopbackPeerUid } from './peer-uid.ts';
import { requestPath } from './request-path.ts';
import { PREVIEW_HEADERS, proxyRequest, proxyUpgrade, refuse, refuseUpgrade } from './preview-proxy.ts';
import { killLeftovers } from '../process/kill-tree.ts';
import { pidIsolation } from '../process/pid-namespace.ts';
import { SESSION_DIR_PREFIX } from './session.ts';
import { RunnerToken } from './token.ts';

export interface RunnerOptions {
  /** The port the host server listens on (preview hosts and `Host` checks use it). */
  port: number;
  /** The address the host server is bound to; a non-loopback address is added to the accepted hosts. */
  bindHost: string;
  /** The repository root: exercises are the folders under `<repoRoot>/sandboxes`. */
  repoRoot: string;
  /** The per-start token (see `token.ts`): the link the learner opens carries it, and only that sets the cookie. */
  token: string;
  /** Concurrent sessions (default 16). */
  maxSessions?: number;
  /** Milliseconds without a message before a session ends (default 30 minutes). */
  idleMs?: number;
  /** Per-session caps; defaults below. Tests lower them. */
  limits?: Partial<Omit<Limits, 'idleMs'>>;
}

export interface AttachedRunner {
  /**
   * Answers 403 for a Host that is not a loopback name of this server (or the bind address) — for all requests —,
   * serves preview hosts by proxying to the sandbox port, answers the runner probe (`GET /__archlab/runner`), and
   * answers a page address carrying `?token=` (cookie and redirect, or 403). Returns true if it answered; false
   * means the request is the host server's to serve.
   */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /** WebSocket upgrade at `/__archlab/runner` (token cookie + same origin + on Linux a loopback peer of this
   *  user required, else 403); preview-host upgrades are proxied; anything else is refused. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Ends all sessions and their whole process trees. */
  close(): Promise<void>;
}

export const DEFAULT_LIMITS: Limits = {
  maxFiles: 200,
  maxFileBytes: 1024 * 1024,
  maxTotalBytes: 10 * 1024 * 1024,
  outputBytesPerSecond: 512 * 1024,
  maxPtys: 8,
  idleMs: 30 * 60 * 1000,
};

/** Removes session folders of runners that are no longer alive. */
async function removeLeftoverFolders(): Promise<void> {
  const pattern = new RegExp(`^${SESSION_DIR_PREFIX}(\\d+)-`);
  for (const name of await readdir(tmpdir()).catch(() => [])) {
    const owner = Number(pattern.exec(name)?.[1]);
    if (!owner || owner === process.pid) continue;
    try {
      process.kill(owner, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') await rm(path.join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}

export async function createRunner(options: RunnerOptions): Promise<AttachedRunner> {
  await killLeftovers();
  await removeLeftoverFolders();
  console.log(`archlab: ${pidIsolation().description}`);

  const { port } = options;
  const hostNames = serverHostNames(options.bindHost);
  const token = new RunnerToken(port, options.token);
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits, idleMs: options.idleMs ?? DEFAULT_LIMITS.idleMs };
  const state: RunnerState = {
    repoRoot: options.repoRoot,
    limits,
    maxSessions: options.maxSessions ?? 16,
    sessions: new Map(),
    opening: 0,
    previewUrl: (sessionId, previewPort) => `http://${sessionId}-${previewPort}.localhost:${port}/`,
  };
  const connections = new Set<Connection>();
  // Room for a `mount` of every allowed byte, with JSON escaping; larger frames close the socket (code 1009).
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxTotalBytes * 2 + 65536 });
  let closing = false;

  /** The session a preview host names, if it exists and handed out that port. */
  function previewTarget(sessionId: string, previewPort: number): string | null {
    const session = state.sessions.get(sessionId);
    if (!session) return 'There is no sandbox at this address (it may have ended); run the program again from the exercise page.';
    if (!session.ownsPort(previewPort)) return `Port ${previewPort} is not a port of this sandbox; programs receive theirs in PORT.`;
    session.touch();
    return null;
  }

  return {
    handleRequest(req, res) {
      const host = classifyHost(req.headers.host, port, hostNames);
      if (host.kind === 'foreign') {
        refuse(res, 403, `Forbidden: ${host.reason}. Open the lab at http://localhost:${port}/.`);
        return true;
      }
      if (host.kind === 'preview') {
        const problem = previewTarget(host.sessionId, host.port);
        if (problem) refuse(res, 404, problem, PREVIEW_HEADERS);
        else proxyRequest(req, res, host.port);
        return true;
      }
      if (requestPath(req) === RUNNER_PATH) {
        // A stopping runner is already gone for a tab that lost its connection: answering it would tell the tab its
        // runner is back, before the restarted one (with its new token) is up.
        if (closing) {
          refuse(res, 503, 'The runner is stopping');
          return true;
        }
        // Sets no cookie: a page learns whether it may connect, and tells the learner how to get the link if not.
        const probe: RunnerProbe = { runner: true, authorized: token.matches(req) };
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(probe));
        return true;
      }
      return token.handleLogin(req, res);
    },

    handleUpgrade(req, socket, head) {
      const host = classifyHost(req.headers.host, port, hostNames);
      if (host.kind === 'foreign') return refuseUpgrade(socket, 403, `Forbidden: ${host.reason}`);
      if (host.kind === 'preview') {
        const problem = previewTarget(host.sessionId, host.port);
        return problem ? refuseUpgrade(socket, 404, problem) : proxyUpgrade(req, socket, head, host.port);
      }
      if (requestPath(req) !== RUNNER_PATH) return refuseUpgrade(socket, 404, `Not found: only ${RUNNER_PATH} accepts WebSocket connections`);
      if (!isSameOrigin(req.headers.origin, req.headers.host)) {
        return refuseUpgrade(socket, 403, 'Forbidden: the Origin of this connection is not the page that the runner served');
      }
      if (!token.matches(req)) {
        return refuseUpgrade(socket, 403, 'Forbidden: the runner token cookie is missing or from an earlier start; open the link the server printed');
      }
      void loopbackPeerUid(req.socket).then((peerUid) => {
        if (peerUid !== undefined && peerUid !== process.getuid?.()) {
          return refuseUpgrade(socket, 403, 'Forbidden: this connection comes from another user account of this machine');
        }
        if (closing) return refuseUpgrade(socket, 503, 'The runner is stopping');
        wss.handleUpgrade(req, socket, head, (ws) => {
          const connection = new Connection(ws, state);
          connections.add(connection);
          ws.on('close', () => connections.delete(connection));
        });
      });
    },

    async close() {
      closing = true;
      await Promise.all([...connections].map((connection) => connection.end('shutdown')));
      wss.close();
    },
  };
}
