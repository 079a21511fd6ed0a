import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measurePackageSizes, type PackageSize } from '../../scripts/bench/package-sizes.ts';
import { vendoredPackages } from '../../src/course/packages.ts';

const root = join(import.meta.dirname, '../..');

describe('the bench weighs sandbox packages', () => {
  it('reports each file raw and gzip, and the payload WebContainer downloads', { timeout: 120_000 }, async () => {
    const report = await measurePackageSizes(root, ['sql.js']);
    const [size] = report.data as PackageSize[];
    const folder = vendoredPackages(['sql.js'], root)['sql.js']!;
    const files = ['index.js', 'package.json', 'sql-wasm.wasm'];
    const raw = (await Promise.all(files.map((f) => readFile(join(folder, f))))).reduce((sum, b) => sum + b.byteLength, 0);
    expect(size).toMatchObject({ name: 'sql.js', version: '1.17.0', files: 3, raw });
    expect(size!.gzip).toBeLessThan(raw);
    // base64 inflates by a third; gzip takes back part of it.
    expect(size!.payloadRaw).toBeGreaterThan((raw * 4) / 3);
    expect(size!.payloadGzip).toBeLessThan(size!.payloadRaw);
    expect(report.tables[0]!.text).toMatch(/^sql\.js@1\.17\.0\s+3\s/m);
  });
});
