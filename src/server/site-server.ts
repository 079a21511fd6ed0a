import { createServer, type Server } from 'node:http';
import type { AttachedRunner } from '../runner/index.ts';
import { requestPath } from '../runner/request-path.ts';
import { RUNNER_PATH } from '../schemas/runner.ts';
import { createStaticHandler } from './static-files.ts';

export interface SiteServer {
  server: Server;
  /** Attach the local runner once the port is known; until then the site is served without it. */
  attach(runner: AttachedRunner): void;
}

/** The site over `distDir`, with the runner (once attached) answering first. */
export function createSiteServer(distDir: string): SiteServer {
  const serveStatic = createStaticHandler(distDir);
  let runner: AttachedRunner | undefined;
  const server = createServer((req, res) => {
    if (runner?.handleRequest(req, res)) return;
    if (requestPath(req).startsWith(RUNNER_PATH)) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('The local runner is not available on this server.\n');
      return;
    }
    serveStatic(req, res);
  });
  server.on('upgrade', (req, socket, head) => {
    // Node removes its own error listener from upgraded sockets; a client reset must not become an uncaught error.
    socket.on('error', () => socket.destroy());
    if (runner) runner.handleUpgrade(req, socket, head);
    else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });
  return { server, attach: (r) => (runner = r) };
}
