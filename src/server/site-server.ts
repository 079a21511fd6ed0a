import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createStaticHandler } from './static-files.ts';

/** What the local runner adds to the site server; see src/runner/. */
export interface ServerAttachment {
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  pageHeaders(): Record<string, string>;
  close(): Promise<void>;
}

/** The reserved path of the local runner's WebSocket. */
export const runnerPath = '/__archlab/runner';

/** The site over `distDir`, with the runner (when given) answering first. */
export function createSiteServer(distDir: string, runner?: ServerAttachment): Server {
  const serveStatic = createStaticHandler(distDir);
  const server = createServer((req, res) => {
    if (runner?.handleRequest(req, res)) return;
    if (new URL(req.url ?? '/', 'http://localhost').pathname.startsWith(runnerPath)) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('The local runner is not available on this server.\n');
      return;
    }
    serveStatic(req, res, runner?.pageHeaders() ?? {});
  });
  server.on('upgrade', (req, socket, head) => {
    if (runner) runner.handleUpgrade(req, socket, head);
    else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });
  return server;
}
