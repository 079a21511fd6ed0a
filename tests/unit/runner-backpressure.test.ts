/** Output to a client that stopped reading: the pty waits for the socket's queue to drain instead of filling it. */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/runner/index.ts';
import { Session, type SessionHost } from '../../src/runner/session.ts';
import type { ServerMessage } from '../../src/schemas/runner.ts';
const SOCKET_BACKLOG = 1024 * 1024;
import { fixturesRoot } from './runner-harness.ts';

/** A host whose client takes nothing: every byte sent stays queued until `drain()`. */
class StalledClient implements SessionHost {
  queued = 0;
  readonly #waiters: { bytes: number; resolve: () => void }[] = [];

  send(message: ServerMessage): void {
    this.queued += Buffer.byteLength(JSON.stringify(message));
    for (const waiter of this.#waiters.filter((w) => this.queued >= w.bytes)) {
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  backlog(): number {
    return this.queued;
  }

  /** Resolves once at least `bytes` are queued. */
  queuedAtLeast(bytes: number): Promise<void> {
    if (this.queued >= bytes) return Promise.resolve();
    const { promise, resolve } = Promise.withResolvers<void>();
    this.#waiters.push({ bytes, resolve });
    return promise;
  }

  /** The client caught up. */
  drain(): void {
    this.queued = 0;
  }

  previewUrl(): string {
    return 'http://preview.invalid/';
  }

  touch(): void {}
}

let session: Session | undefined;
afterEach(async () => {
  await session?.end();
  session = undefined;
});

describe('a client that stops reading', () => {
  it('holds the program once the queue passes the threshold, until the client catches up', async () => {
    const client = new StalledClient();
    // A rate cap far above what the machine prints, so only the socket's queue holds the program back.
    const limits = { ...DEFAULT_LIMITS, outputBytesPerSecond: 1024 ** 3 };
    ({ session } = await Session.open(fixturesRoot, 'runner-fixtures/flood', limits, client));
    await session.run(80, 24);

    await client.queuedAtLeast(SOCKET_BACKLOG);
    const atThreshold = client.queued;
    // A window to watch the queue in (not a wait for an event): a pty resumed every 50 ms added ~70 KB/s here.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const grown = client.queued - atThreshold;
    console.info(`queued at the threshold: ${(atThreshold / 1024).toFixed(0)} KB; 2 s later: +${(grown / 1024).toFixed(0)} KB`);
    // At most what the pty had already read when it was paused.
    expect(grown).toBeLessThan(32 * 1024);

    client.drain();
    await client.queuedAtLeast(SOCKET_BACKLOG);
  });
});
