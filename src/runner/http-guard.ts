/**
 * Who may talk to the runner. The threat is a web page in the learner's browser: a foreign page can make the
 * browser send requests to localhost, and a DNS-rebinding page can even do it under its own name. So every request
 * must name this server in `Host` (a loopback name with our port, or the explicit bind address), and the WebSocket
 * upgrade additionally needs the per-start token cookie (`token.ts`) and an `Origin` equal to the page's own origin.
 */
import { networkInterfaces } from 'node:os';

export type HostKind =
  | { kind: 'page' }
  | { kind: 'preview'; sessionId: string; port: number }
  | { kind: 'foreign'; reason: string };

const loopbackNames = ['localhost', '127.0.0.1', '[::1]'];
const wildcardAddresses = new Set(['0.0.0.0', '::', '[::]']);
const previewHost = /^([0-9a-f]{32})-([1-9][0-9]{0,4})\.localhost$/;

function hostName(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}

/** Host names (without port) that address this server, given the address it is bound to. */
export function serverHostNames(bindHost: string): Set<string> {
  const names = new Set(loopbackNames);
  const bind = bindHost.toLowerCase();
  if (wildcardAddresses.has(bind)) {
    // Bound everywhere (only with an explicit --host): every address of this machine names it.
    for (const list of Object.values(networkInterfaces())) {
      for (const entry of list ?? []) names.add(hostName(entry.address.toLowerCase()));
    }
  } else {
    names.add(hostName(bind));
  }
  return names;
}

/** Splits `name:port`, `[v6]:port` or a bare name; the port is 80 when absent (plain HTTP). */
function splitHost(header: string): { name: string; port: number } | null {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::([0-9]{1,5}))?$/.exec(header.toLowerCase());
  if (!match) return null;
  return { name: match[1]!, port: match[2] === undefined ? 80 : Number(match[2]) };
}

/** Classifies a request's `Host` header for a server listening on `port`. */
export function classifyHost(header: string | undefined, port: number, names: Set<string>): HostKind {
  if (!header) return { kind: 'foreign', reason: 'the request has no Host header' };
  const host = splitHost(header);
  if (!host || host.port !== port) return { kind: 'foreign', reason: `Host "${header}" is not this server` };
  if (names.has(host.name)) return { kind: 'page' };
  const preview = previewHost.exec(host.name);
  if (preview) {
    const previewPort = Number(preview[2]);
    if (previewPort <= 65535) return { kind: 'preview', sessionId: preview[1]!, port: previewPort };
  }
  return { kind: 'foreign', reason: `Host "${header}" is not this server` };
}

/** True when `origin` is exactly the origin of a page served under `host` (plain HTTP, as the runner serves). */
export function isSameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin || !host) return false;
  return origin.toLowerCase() === `http://${host.toLowerCase()}`;
}
