import { describe, expect, it } from 'vitest';
import { median, percentile, spread } from '../../scripts/bench/stats.ts';

describe('percentile', () => {
  it('interpolates between the nearest ranks', () => {
    expect(percentile([10, 20, 30, 40], 50)).toBe(25);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 95)).toBeCloseTo(10.5);
    expect(percentile([5], 95)).toBe(5);
  });
  it('does not depend on input order and leaves the input alone', () => {
    const values = [30, 10, 40, 20];
    expect(percentile(values, 0)).toBe(10);
    expect(percentile(values, 100)).toBe(40);
    expect(values).toEqual([30, 10, 40, 20]);
  });
  it('refuses an empty list, a p outside 0–100, and non-numbers', () => {
    expect(() => percentile([], 50)).toThrow(/no values/);
    expect(() => percentile([1], 101)).toThrow(/between 0 and 100, got 101/);
    expect(() => percentile([1, Number.NaN], 50)).toThrow(/finite number, got NaN/);
  });
});

describe('median and spread', () => {
  it('median of an odd and an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('spread summarises runs, p50, p95, min and max', () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(spread(values)).toEqual({ runs: 20, p50: 10.5, p95: 19.05, min: 1, max: 20 });
  });
});
