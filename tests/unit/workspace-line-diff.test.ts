import { describe, expect, it } from 'vitest';
import { lineDiff } from '../../src/workspace/line-diff.ts';

describe('lineDiff', () => {
  it('marks the lines only the expected or only the actual value has, keeping the shared ones in order', () => {
    const expected = 'HTTP/1.1 200 OK\ncontent-type: text/plain\ncache-control: max-age=60\n\nhello';
    const actual = 'HTTP/1.1 200 OK\ncontent-type: text/html\n\nhello';
    expect(lineDiff(expected, actual)).toEqual([
      { kind: 'same', text: 'HTTP/1.1 200 OK' },
      { kind: 'expected', text: 'content-type: text/plain' },
      { kind: 'expected', text: 'cache-control: max-age=60' },
      { kind: 'actual', text: 'content-type: text/html' },
      { kind: 'same', text: '' },
      { kind: 'same', text: 'hello' },
    ]);
  });

  it('keeps every line of both values: the expected side and the actual side read back whole', () => {
    const expected = 'a\nb\nc\nd\ne';
    const actual = 'b\nx\nd\ne\nf';
    const lines = lineDiff(expected, actual)!;
    expect(lines.filter((l) => l.kind !== 'actual').map((l) => l.text).join('\n')).toBe(expected);
    expect(lines.filter((l) => l.kind !== 'expected').map((l) => l.text).join('\n')).toBe(actual);
    expect(lines.filter((l) => l.kind === 'same').map((l) => l.text)).toEqual(['b', 'd', 'e']);
  });

  it('does not apply unless both values span several lines', () => {
    expect(lineDiff('0', '1')).toBeUndefined();
    expect(lineDiff('a\nb', 'a b')).toBeUndefined();
    expect(lineDiff(undefined, 'a\nb')).toBeUndefined();
    expect(lineDiff('a\nb', undefined)).toBeUndefined();
  });

  it('leaves values too long for a quick diff to be shown side by side', () => {
    const long = Array.from({ length: 600 }, (_, i) => `line ${i}`).join('\n');
    expect(lineDiff(long, `${long}\nmore`)).toBeUndefined();
  });
});
