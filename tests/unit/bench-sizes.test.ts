import { describe, expect, it } from 'vitest';
import { resourceKind } from '../../scripts/bench/resource-kind.ts';
import { formatBytes, formatMs, gzipSize } from '../../scripts/bench/sizes.ts';
import { formatTable } from '../../scripts/bench/table.ts';

describe('gzipSize', () => {
  it('is the size of a real gzip stream of the body', () => {
    const body = 'const answer = 42;\n'.repeat(500);
    const size = gzipSize(body);
    expect(size).toBeLessThan(Buffer.byteLength(body) / 20);
    expect(size).toBeGreaterThan(20);
  });
  it('counts the gzip frame: an empty body is 20 bytes (10 header, 2 empty block, 8 trailer)', () => {
    expect(gzipSize('')).toBe(20);
  });
});

describe('formatBytes and formatMs', () => {
  it('uses binary units with one decimal', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(61_440)).toBe('60.0 KB');
    expect(formatBytes(5 * 1024 ** 2 + 100 * 1024)).toBe('5.1 MB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.00 GB');
  });
  it('refuses what is not a byte count', () => {
    expect(() => formatBytes(-1)).toThrow(/expected a byte count, got -1/);
  });
  it('shows milliseconds, and seconds from ten seconds on', () => {
    expect(formatMs(12.4)).toBe('12 ms');
    expect(formatMs(15_250)).toBe('15.3 s');
  });
});

describe('resourceKind', () => {
  it('sorts by resource type first, then by content type', () => {
    expect(resourceKind('document', 'text/html; charset=utf-8')).toBe('html');
    expect(resourceKind('script', undefined)).toBe('js');
    expect(resourceKind('fetch', 'text/javascript; charset=utf-8')).toBe('js');
    expect(resourceKind('other', 'application/javascript')).toBe('js');
    expect(resourceKind('stylesheet', 'text/plain')).toBe('css');
    expect(resourceKind('fetch', 'text/css')).toBe('css');
    expect(resourceKind('font', 'font/woff2')).toBe('other');
    expect(resourceKind('fetch', 'application/json')).toBe('other');
  });
});

describe('formatTable', () => {
  it('pads columns and right-aligns columns of numbers', () => {
    const text = formatTable(['page', 'requests', 'JS'], [['/a/', 3, '1.0 KB'], ['/longer/', 12, '—']]);
    expect(text.split('\n')).toEqual(['page      requests      JS', '--------  --------  ------', '/a/              3  1.0 KB', '/longer/        12       —']);
  });
  it('refuses a row with the wrong number of cells', () => {
    expect(() => formatTable(['a', 'b'], [['x']])).toThrow(/row 0 has 1 cells, expected 2/);
  });
});
