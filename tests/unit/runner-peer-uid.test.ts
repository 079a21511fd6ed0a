/** Refusing runner connections from another user account of the same machine (Linux, loopback peers). */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { endianness } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressBytes, isLoopback, loopbackPeerUid } from '../../src/runner/peer-uid.ts';
import { startRunner, upgradeStatus, type TestRunner } from './runner-harness.ts';

/** A `/proc/net/tcp*` address field as the kernel prints it on this machine. */
function procField(bytes: number[], port: number): string {
  const words = [];
  for (let i = 0; i < bytes.length; i += 4) {
    const word = bytes.slice(i, i + 4);
    words.push(Buffer.from(endianness() === 'LE' ? word.reverse() : word).toString('hex').toUpperCase());
  }
  return `${words.join('')}:${port.toString(16).toUpperCase().padStart(4, '0')}`;
}

const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
const row = (local: string, remote: string, uid: number) => `   0: ${local} ${remote} 01 00000000:00000000 00:00000000 00000000 ${uid} 0 12345 1\n`;
const v4 = [127, 0, 0, 1];
const v6loop = [...Array(15).fill(0), 1];

describe('addressBytes and isLoopback', () => {
  it('reads IPv4, IPv6 and IPv4-mapped addresses', () => {
    expect(addressBytes('127.0.0.1')).toEqual(addressBytes('::ffff:127.0.0.1'));
    expect(addressBytes('::ffff:7f00:1')).toEqual(addressBytes('127.0.0.1'));
    expect(addressBytes('::1')).toEqual(Buffer.from(v6loop));
    expect(addressBytes('fe80::1:2')?.toString('hex')).toBe('fe800000000000000000000000010002');
    expect(addressBytes('1::2::3')).toBeNull();
    expect(addressBytes('not an address')).toBeNull();
  });
  it('knows loopback', () => {
    for (const a of ['127.0.0.1', '127.9.8.7', '::1', '::ffff:127.0.0.1']) expect(isLoopback(a)).toBe(true);
    for (const a of ['10.0.0.1', '::2', '::ffff:10.0.0.1', undefined, '']) expect(isLoopback(a)).toBe(false);
  });
});

describe('loopbackPeerUid', () => {
  const ends = { remoteAddress: '127.0.0.1', remotePort: 50000, localAddress: '127.0.0.1', localPort: 4321 };

  it("finds the owner of the peer's socket, not of ours, in /proc/net/tcp", async () => {
    const tcp = header + row(procField(v4, 4321), procField(v4, 50000), 0) + row(procField(v4, 50000), procField(v4, 4321), 65534);
    expect(await loopbackPeerUid(ends, async (file) => (file.endsWith('tcp') ? tcp : header))).toBe(65534);
  });

  it('finds IPv6 and IPv4-mapped peers in /proc/net/tcp6', async () => {
    const mapped = [...Array(10).fill(0), 0xff, 0xff, ...v4];
    const tcp6 = header + row(procField(mapped, 50000), procField(mapped, 4321), 1000) + row(procField(v6loop, 50001), procField(v6loop, 4321), 1001);
    const read = async (file: string) => (file.endsWith('tcp6') ? tcp6 : header);
    expect(await loopbackPeerUid({ ...ends, remoteAddress: '::ffff:127.0.0.1', localAddress: '::ffff:127.0.0.1' }, read)).toBe(1000);
    expect(await loopbackPeerUid({ ...ends, remoteAddress: '::1', localAddress: '::1', remotePort: 50001 }, read)).toBe(1001);
  });

  it('gives no answer for a peer off loopback, an unlisted socket, or without /proc', async () => {
    const tcp = header + row(procField([10, 0, 0, 2], 50000), procField(v4, 4321), 65534);
    expect(await loopbackPeerUid({ ...ends, remoteAddress: '10.0.0.2' }, async () => tcp)).toBeUndefined();
    expect(await loopbackPeerUid(ends, async () => tcp)).toBeUndefined();
    expect(
      await loopbackPeerUid(ends, async () => {
        throw new Error('ENOENT');
      }),
    ).toBeUndefined();
  });
});

// A real connection from the `nobody` account: only possible as root on Linux, with a Node that account may run.
const systemNode = '/usr/bin/node';
const canSwitchUser = process.platform === 'linux' && process.getuid?.() === 0 && existsSync(systemNode);

describe.runIf(canSwitchUser)('a real connection from another account', () => {
  let t: TestRunner;
  beforeAll(async () => (t = await startRunner()));
  afterAll(() => t.close());

  /** Sends the upgrade request (with the valid cookie and Origin) from a process running as `nobody`. */
  function upgradeAsNobody(): Promise<string> {
    const script = `
      const socket = require('node:net').connect(${t.port}, '127.0.0.1', () => socket.write(process.argv[1]));
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk;
        // The status line is all this needs; an accepted upgrade would otherwise keep the socket open.
        if (text.includes('\\r\\n')) socket.destroy();
      });
      socket.on('close', () => process.stdout.write(text.split('\\r\\n')[0]));
      socket.on('error', (error) => process.stdout.write('error ' + error.message));`;
    const request = `GET /__archlab/runner HTTP/1.1\r\nHost: ${t.host}\r\nOrigin: ${t.origin}\r\nCookie: ${t.cookie}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`;
    const child = spawn(systemNode, ['-e', script, request], { uid: 65534, gid: 65534, cwd: '/', stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    return new Promise((resolve) => child.on('close', () => resolve(out)));
  }

  it('refuses the upgrade even with a valid cookie, and accepts the same request from this account', async () => {
    expect(await upgradeAsNobody()).toBe('HTTP/1.1 403 Forbidden');
    expect((await upgradeStatus(t, { cookie: t.cookie, origin: t.origin })).status).toBe(101);
  });
});
