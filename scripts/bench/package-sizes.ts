/**
 * What each sandbox package weighs: its vendored files (raw and gzip, summed file by file) and the payload the
 * browser downloads once for WebContainer (src/course/package-payload.ts: files as base64 in JSON).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { vendorPackages } from '../vendor.ts';
import { servedPackage } from '../../src/course/package-payload.ts';
import { declaredPackages, projectDependencies, vendoredPackages } from '../../src/course/packages.ts';
import { NotMeasured } from './not-measured.ts';
import type { PartReport } from './part.ts';
import { formatBytes, gzipSize } from './sizes.ts';
import { formatTable } from './table.ts';

export interface PackageSize {
  name: string;
  version: string;
  files: number;
  raw: number;
  gzip: number;
  payloadRaw: number;
  payloadGzip: number;
}

async function folderBytes(dir: string): Promise<{ files: number; raw: number; gzip: number }> {
  const total = { files: 0, raw: 0, gzip: 0 };
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const bytes = await readFile(join(entry.parentPath, entry.name));
    total.files++;
    total.raw += bytes.byteLength;
    total.gzip += gzipSize(bytes);
  }
  return total;
}

/** Sizes of `names` (default: every package an exercise declares), vendoring them first. */
export async function measurePackageSizes(root: string, names = declaredPackages(root)): Promise<PartReport> {
  if (!names.length) throw new NotMeasured('no exercise declares a package');
  await vendorPackages(names, root);
  const folders = vendoredPackages(names, root);
  const versions = projectDependencies(root);
  const sizes: PackageSize[] = [];
  for (const name of names) {
    const payload = JSON.stringify((await servedPackage(name, root)).payload);
    sizes.push({ name, version: versions[name]!, ...(await folderBytes(folders[name]!)), payloadRaw: Buffer.byteLength(payload), payloadGzip: gzipSize(payload) });
  }
  const table = formatTable(
    ['package', 'files', 'raw', 'gzip', 'payload raw', 'payload gzip'],
    sizes.map((s) => [`${s.name}@${s.version}`, s.files, formatBytes(s.raw), formatBytes(s.gzip), formatBytes(s.payloadRaw), formatBytes(s.payloadGzip)]),
  );
  return {
    tables: [{ caption: 'vendored files in node_modules/<name>/, and the one payload WebContainer downloads (base64 in JSON)', text: table }],
    budgets: [],
    notMeasured: [],
    data: sizes,
  };
}
