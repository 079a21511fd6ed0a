/**
 * Ports for sandbox programs, handed out by one allocator per process (the runner, `verify`, the grade CLI) so two
 * checks running side by side never get the same one. A port probed free by the kernel and then released can be
 * taken by a neighbour before the program binds it; ports from the OS ephemeral range are the ones the kernel hands
 * to every outgoing connection, so the allocator keeps below that range. It starts at a random place in its range so
 * allocators of separate processes rarely meet; the holder still checks a port is free before using it.
 */
import { readFileSync } from 'node:fs';
import { canListen } from './ports.ts';

/** Lowest port handed out: above the well-known and common development ports. */
const LOWEST = 20_000;
/** Linux's default ephemeral range, used where /proc does not say (other systems start theirs higher). */
const DEFAULT_EPHEMERAL = { low: 32_768, high: 60_999 };

/** The OS ephemeral port range, from /proc/sys/net/ipv4/ip_local_port_range on Linux. */
export function ephemeralRange(read: () => string = () => readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')): { low: number; high: number } {
  try {
    const [low, high] = read().trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && Number.isInteger(high) && low! > 0 && low! <= high!) return { low: low!, high: high! };
  } catch {
    // No /proc (another OS, WebContainer): the usual Linux range.
  }
  return DEFAULT_EPHEMERAL;
}

export class PortAllocator {
  readonly #low: number;
  readonly #high: number;
  readonly #held = new Set<number>();
  #next: number;

  /** Hands out ports in [low, high]; by default from LOWEST up to just below the ephemeral range. */
  constructor(range: { low: number; high: number } = { low: LOWEST, high: Math.max(LOWEST + 999, ephemeralRange().low - 1) }, start = Math.random()) {
    if (!(range.low > 0 && range.low <= range.high && range.high < 65_536)) throw new Error(`bad port range ${range.low}–${range.high}`);
    this.#low = range.low;
    this.#high = range.high;
    this.#next = range.low + Math.floor(start * (range.high - range.low + 1));
  }

  /** `count` ports no other holder of this allocator has; give them back with `release`. */
  take(count: number): number[] {
    const size = this.#high - this.#low + 1;
    if (this.#held.size + count > size) throw new Error(`all ${size} ports of ${this.#low}–${this.#high} are in use`);
    const ports: number[] = [];
    while (ports.length < count) {
      const port = this.#next;
      this.#next = port === this.#high ? this.#low : port + 1;
      if (this.#held.has(port)) continue;
      this.#held.add(port);
      ports.push(port);
    }
    return ports;
  }

  release(ports: readonly number[]): void {
    for (const port of ports) this.#held.delete(port);
  }
}

/** This process's allocator. */
export const ports = new PortAllocator();

/** A port from `allocator` that nothing listens on right now; hand it back with `allocator.release([port])`. */
export async function takeFreePort(allocator: PortAllocator = ports): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const [port] = allocator.take(1);
    if (await canListen(port!)) return port!;
    allocator.release([port!]);
  }
  throw new Error('found no free port below the ephemeral range in 50 tries');
}
