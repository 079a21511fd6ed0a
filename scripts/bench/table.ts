/** Plain-text tables for the terminal: columns padded to their widest cell; columns of numbers right-aligned. */

export type Cell = string | number;

/** A number, optionally with a unit: `12`, `3.5 KB`, `1.20×`, `—` (no value). */
const numeric = /^(?:[-+]?[\d.,]+(?:\s?[A-Za-z%×/]+)?|—)$/;

export function formatTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  for (const [i, row] of rows.entries()) {
    if (row.length !== headers.length) throw new Error(`formatTable: row ${i} has ${row.length} cells, expected ${headers.length}`);
  }
  const text = rows.map((row) => row.map(String));
  const widths = headers.map((h, c) => Math.max(h.length, ...text.map((row) => row[c]!.length)));
  const rightAligned = headers.map((_, c) => text.length > 0 && text.every((row) => numeric.test(row[c]!)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (rightAligned[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...text.map(line)].join('\n');
}
