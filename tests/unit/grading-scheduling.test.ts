/**
 * How a run schedules its checks and hands out ports: checks that measure no time run side by side, one that
 * measures time runs alone, ports come from one allocator below the ephemeral range, and a program that finds its
 * port taken is started again on another.
 */
import os from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { grade } from '../../src/grading/grade.ts';
import { ephemeralRange, PortAllocator } from '../../src/process/port-allocator.ts';
import type { CheckProgress } from '../../src/schemas/check-progress.ts';
import { vendor } from '../../scripts/vendor.ts';

const exerciseDir = join(import.meta.dirname, '../fixtures/scheduling');

describe('PortAllocator', () => {
  it('never hands out a port twice while it is held, and reuses it once released', () => {
    const allocator = new PortAllocator({ low: 20_000, high: 20_003 }, 0.5);
    const first = allocator.take(3);
    expect(first).toEqual([20_002, 20_003, 20_000]);
    expect(() => allocator.take(2)).toThrow('all 4 ports of 20000–20003 are in use');
    expect(allocator.take(1)).toEqual([20_001]);
    allocator.release([20_003]);
    expect(allocator.take(1)).toEqual([20_003]);
  });

  it('keeps below the OS ephemeral range by default', () => {
    const { low } = ephemeralRange();
    const taken = new PortAllocator().take(50);
    expect(Math.max(...taken)).toBeLessThan(low);
    expect(Math.min(...taken)).toBeGreaterThanOrEqual(20_000);
  });

  it('reads the ephemeral range, and falls back to Linux’s default when it cannot', () => {
    expect(ephemeralRange(() => '40000\t50000\n')).toEqual({ low: 40_000, high: 50_000 });
    expect(ephemeralRange(() => 'nonsense')).toEqual({ low: 32_768, high: 60_999 });
    expect(ephemeralRange(() => {
      throw new Error('no /proc');
    })).toEqual({ low: 32_768, high: 60_999 });
  });
});

describe('scheduling checks', () => {
  beforeAll(() => vendor(), 60_000);

  it.skipIf(os.availableParallelism() < 2)(
    'runs checks that measure no time side by side, one that measures time alone, and restarts a program whose port was taken',
    { timeout: 60_000 },
    async () => {
      const events: CheckProgress[] = [];
      const results = await grade({ exerciseDir, onProgress: (event) => events.push(event) });
      expect(results.tests.map((t) => [t.id, t.status, t.message])).toEqual([
        ['a-meets-b', 'pass', undefined],
        ['b-meets-a', 'pass', undefined],
        ['alone-after-both', 'pass', undefined],
        ['restarts-on-busy-port', 'pass', undefined],
      ]);
      // Both side-by-side checks were running before either had a verdict.
      const order = events.map((e) => (e.type === 'checks' ? 'checks' : e.type === 'running' ? `run ${e.id}` : `verdict ${e.test.id}`));
      expect(order.slice(0, 3)).toEqual(['checks', 'run a-meets-b', 'run b-meets-a']);
      expect(order.indexOf('run alone-after-both')).toBeGreaterThan(Math.max(order.indexOf('verdict a-meets-b'), order.indexOf('verdict b-meets-a')));
    },
  );
});
