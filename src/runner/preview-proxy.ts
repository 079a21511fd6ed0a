/**
 * The preview: requests to `<session-id>-<port>.localhost:<runner port>` are passed to 127.0.0.1:<port>, with
 * `Host` kept so the learner's app sees the address the browser used. Responses gain CORP/COEP headers so the
 * page, which is cross-origin isolated (COOP same-origin + COEP require-corp), may embed them.
 */
import http, { type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';

export const PREVIEW_HEADERS = {
  'cross-origin-resource-policy': 'cross-origin',
  'cross-origin-embedder-policy': 'require-corp',
} as const;

/** Headers that describe one hop, not the message; a proxy must not forward them. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

function endToEnd(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

/** A short plain-text answer; `extra` adds headers (the preview's CORP/COEP so the iframe can show it). */
export function refuse(res: ServerResponse, status: number, message: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...extra });
  res.end(`${message}\n`);
}

/** Refuses an upgrade on the raw socket (no HTTP response object exists for upgrades). */
export function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = `${message}\n`;
  const reason = http.STATUS_CODES[status] ?? 'Error';
  // Upgraded sockets have no error listener of Node's: a client reset would otherwise crash the server.
  socket.on('error', () => socket.destroy());
  // Destroy once written: nobody reads this socket, so it would never notice the client closing its end.
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function proxyRequest(req: IncomingMessage, res: ServerResponse, port: number): void {
  const upstream = http.request(
    { host: '127.0.0.1', port, method: req.method, path: req.url, headers: endToEnd(req.headers), agent: false },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, { ...endToEnd(answer.headers), ...PREVIEW_HEADERS });
      answer.pipe(res);
    },
  );
  upstream.on('error', (error: NodeJS.ErrnoException) => {
    if (res.headersSent) return void res.destroy();
    const why = error.code === 'ECONNREFUSED' ? 'nothing listens on it yet' : `the connection failed (${error.code ?? error.message})`;
    refuse(res, 502, `The sandbox's port ${port} did not answer: ${why}. Start the program with Run, then reload.`, PREVIEW_HEADERS);
  });
  // The browser gave up (navigated away, closed the preview): stop the upstream request too.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}

/** Passes a WebSocket (or other) upgrade through to the sandbox port, byte for byte after the request head. */
export function proxyUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, port: number): void {
  const upstream = net.connect({ host: '127.0.0.1', port }, () => {
    let lines = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) lines += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
    upstream.write(`${lines}\r\n`);
    if (head.length > 0) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  upstream.on('error', () => socket.destroy());
  socket.on('error', () => upstream.destroy());
  socket.on('close', () => upstream.destroy());
}
