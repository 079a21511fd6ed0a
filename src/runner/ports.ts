/** Loopback ports for sandbox programs. */
import net from 'node:net';

/** A TCP port nobody listens on right now (the kernel picks it; another process could still take it first). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** True when something accepts a TCP connection on 127.0.0.1:`port`. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Polls `port` until it accepts connections, then calls `onReady` once. Stops when `stillWanted` turns false.
 * Polling starts quick (a small server listens within tens of milliseconds) and backs off to 250 ms.
 */
export async function watchForListener(port: number, stillWanted: () => boolean, onReady: () => void): Promise<void> {
  let delay = 20;
  while (stillWanted()) {
    if (await accepts(port)) {
      if (stillWanted()) onReady();
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(250, delay * 1.5);
  }
}
