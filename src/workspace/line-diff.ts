/**
 * A failed check's expected and actual values as a line diff, when both span several lines (a response body, a log):
 * the lines they share, and those only one of them has, in order. Computed from the longest common subsequence of
 * lines; values too long for that to be quick are left to be shown side by side.
 */
export type DiffLine = { kind: 'same' | 'expected' | 'actual'; text: string };

/** Above this many line pairs the table would cost too much for a results panel. */
const MAX_CELLS = 250_000;

/** The line diff of `expected` against `actual`, or undefined when it does not apply (one line, or too long). */
export function lineDiff(expected: string | undefined, actual: string | undefined): DiffLine[] | undefined {
  if (expected === undefined || actual === undefined) return undefined;
  if (!expected.includes('\n') || !actual.includes('\n')) return undefined;
  const a = expected.split('\n');
  const b = actual.split('\n');
  if (a.length * b.length > MAX_CELLS) return undefined;

  // common[i][j]: the longest common subsequence of a[i..] and b[j..], in a flat table.
  const width = b.length + 1;
  const common = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i * width + j] = a[i] === b[j] ? common[(i + 1) * width + j + 1]! + 1 : Math.max(common[(i + 1) * width + j]!, common[i * width + j + 1]!);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      lines.push({ kind: 'same', text: a[i]! });
      i++;
      j++;
    } else if (common[(i + 1) * width + j]! >= common[i * width + j + 1]!) lines.push({ kind: 'expected', text: a[i++]! });
    else lines.push({ kind: 'actual', text: b[j++]! });
  }
  while (i < a.length) lines.push({ kind: 'expected', text: a[i++]! });
  while (j < b.length) lines.push({ kind: 'actual', text: b[j++]! });
  return lines;
}
