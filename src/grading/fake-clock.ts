/**
 * `t.useFakeClock()`: replaces the global timer functions and `Date` in the check's process, so a check can
 * move time forward instantly. Harness code keeps working on real time because it imports its timers from
 * `node:timers` (captured before any fake is installed) and measures with `performance.now()`.
 */
import { setImmediate as realSetImmediate } from 'node:timers';
import type { FakeClock } from './api.ts';

type Callback = (...args: unknown[]) => void;

interface Timer {
  id: number;
  at: number;
  seq: number;
  delay: number;
  repeat: boolean;
  callback: Callback;
  args: unknown[];
}

const TIMEOUT_MAX = 2 ** 31 - 1;

/** Node's rule: delays outside 1..2^31-1 ms become 1 ms. */
function delayOf(ms: unknown): number {
  const n = Number(ms);
  return n >= 1 && n <= TIMEOUT_MAX ? n : 1;
}

/** Lets promise callbacks and pending I/O run before the next timer fires. */
function settle(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}

export function installFakeClock(startMs: number = Date.now()): FakeClock {
  const g = globalThis as unknown as Record<string, unknown>;
  const names = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] as const;
  const saved = Object.fromEntries(names.map((name) => [name, g[name]]));
  const RealDate = Date;
  const timers = new Map<number, Timer>();
  let now = startMs;
  let nextId = 1;
  let nextSeq = 0;
  let installed = true;

  class Handle {
    readonly id: number;
    constructor(id: number) {
      this.id = id;
    }
    ref(): this {
      return this;
    }
    unref(): this {
      return this;
    }
    hasRef(): boolean {
      return true;
    }
    refresh(): this {
      const timer = timers.get(this.id);
      if (timer) {
        timer.at = now + timer.delay;
        timer.seq = nextSeq++;
      }
      return this;
    }
    [Symbol.toPrimitive](): number {
      return this.id;
    }
  }

  function schedule(callback: unknown, ms: unknown, args: unknown[], repeat: boolean): Handle {
    if (typeof callback !== 'function') throw new TypeError('The "callback" argument must be of type function');
    const delay = delayOf(ms);
    const id = nextId++;
    timers.set(id, { id, at: now + delay, seq: nextSeq++, delay, repeat, callback: callback as Callback, args });
    return new Handle(id);
  }

  function clear(handle: unknown): void {
    if (handle == null) return;
    timers.delete(handle instanceof Handle ? handle.id : Number(handle));
  }

  class FakeDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(now);
      else super(...(args as [string | number]));
    }
    static override now(): number {
      return now;
    }
  }

  /** The timer due first (earliest time, then creation order), if it is due by `limit`. */
  function nextDue(limit: number): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of timers.values()) {
      if (timer.at <= limit && (!best || timer.at < best.at || (timer.at === best.at && timer.seq < best.seq))) best = timer;
    }
    return best;
  }

  async function fire(timer: Timer): Promise<void> {
    now = Math.max(now, timer.at);
    if (!timer.repeat) timers.delete(timer.id);
    else {
      timer.at = now + timer.delay;
      timer.seq = nextSeq++;
    }
    timer.callback(...timer.args);
    await settle();
  }

  g.setTimeout = (callback: unknown, ms?: unknown, ...args: unknown[]) => schedule(callback, ms, args, false);
  g.setInterval = (callback: unknown, ms?: unknown, ...args: unknown[]) => schedule(callback, ms, args, true);
  g.clearTimeout = clear;
  g.clearInterval = clear;
  g.Date = FakeDate;

  return {
    now: () => now,
    async tick(ms) {
      const target = now + Math.max(0, ms);
      await settle();
      for (let timer = nextDue(target); timer; timer = nextDue(target)) await fire(timer);
      now = target;
    },
    async runAll(limit = 1000) {
      await settle();
      for (let fired = 0; ; fired++) {
        const timer = nextDue(Infinity);
        if (!timer) return;
        if (fired >= limit) throw new Error(`fake clock: more than ${limit} timers fired; does an interval keep re-arming?`);
        await fire(timer);
      }
    },
    uninstall() {
      if (!installed) return;
      installed = false;
      for (const name of names) g[name] = saved[name];
    },
  };
}
