/**
 * Which user owns the other end of a loopback TCP connection (Linux only). Defence in depth behind the token: the
 * runner runs code as the learner, so a connection from another account on the same machine is refused even if it
 * somehow holds the cookie. Linux lists every TCP socket in `/proc/net/tcp` and `/proc/net/tcp6` with its owner's
 * uid; the peer's socket is the one whose local end is our remote end and whose remote end is our local end.
 */
import { readFile } from 'node:fs/promises';
import { isIPv4 } from 'node:net';
import { endianness } from 'node:os';

export interface SocketEnds {
  remoteAddress?: string;
  remotePort?: number;
  localAddress?: string;
  localPort?: number;
}

export type ReadTable = (file: string) => Promise<string>;

const TABLES = ['/proc/net/tcp', '/proc/net/tcp6'];

/** An address as 16 bytes (IPv4 as IPv4-mapped IPv6), or null if it is not an IP address. */
export function addressBytes(address: string): Buffer | null {
  if (isIPv4(address)) return Buffer.from([...Array(10).fill(0), 0xff, 0xff, ...address.split('.').map(Number)]);
  const v4Tail = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  let text = address;
  if (v4Tail && isIPv4(v4Tail[2]!)) {
    const [a, b, c, d] = v4Tail[2]!.split('.').map(Number) as [number, number, number, number];
    text = `${v4Tail[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 1 ? 0 : missing).fill('0'), ...tail];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
  return Buffer.from(all.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]));
}

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopback(address: string | undefined): boolean {
  const bytes = address ? addressBytes(address) : null;
  if (!bytes) return false;
  const mapped = bytes.subarray(0, 12).equals(Buffer.from([...Array(10).fill(0), 0xff, 0xff]));
  return (mapped && bytes[12] === 127) || bytes.equals(Buffer.from([...Array(15).fill(0), 1]));
}

/** A `/proc/net/tcp*` address (`0100007F:1F90`): the kernel prints each 32-bit word in host byte order. */
function procEnd(field: string): { bytes: Buffer; port: number } | null {
  const [hex, portHex] = field.split(':');
  if (!hex || !portHex || (hex.length !== 8 && hex.length !== 32)) return null;
  const raw = Buffer.from(hex, 'hex');
  if (endianness() === 'LE') for (let i = 0; i < raw.length; i += 4) raw.subarray(i, i + 4).reverse();
  const bytes = raw.length === 4 ? Buffer.concat([Buffer.from([...Array(10).fill(0), 0xff, 0xff]), raw]) : raw;
  return { bytes, port: parseInt(portHex, 16) };
}

/**
 * The uid owning the peer's end of `socket` when the peer is on loopback; undefined when it is not, when the
 * tables cannot be read (not Linux), or when the peer's socket is not listed.
 */
export async function loopbackPeerUid(socket: SocketEnds, read: ReadTable = (file) => readFile(file, 'utf8')): Promise<number | undefined> {
  const { remoteAddress, remotePort, localAddress, localPort } = socket;
  if (!isLoopback(remoteAddress) || !localAddress || !remotePort || !localPort) return undefined;
  const peer = addressBytes(remoteAddress!)!;
  const us = addressBytes(localAddress);
  if (!us) return undefined;
  for (const table of TABLES) {
    let text: string;
    try {
      text = await read(table);
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = procEnd(fields[1] ?? '');
      const remote = procEnd(fields[2] ?? '');
      if (!local || !remote || fields[7] === undefined) continue;
      if (local.port === remotePort && remote.port === localPort && local.bytes.equals(peer) && remote.bytes.equals(us)) return Number(fields[7]);
    }
  }
  return undefined;
}
