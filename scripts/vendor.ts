// Bundles code that sandboxes run into the git-ignored .archlab/ folder as plain JavaScript for Node 18+, so
// WebContainer (no TypeScript, no npm install) runs the same code as the local runner and the CLIs.
// `npm run vendor`; build, grade and verify call `vendor()` first.
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
export const vendorDir = join(root, '.archlab');

/** One bundle: entry points (output name → source) written to `.archlab/<folder>/<name>.js`. */
interface Bundle {
  folder: string;
  entries: Record<string, string>;
}

const bundles: Bundle[] = [
  {
    // The check harness: grade.js runs a grading; check-worker.js is the per-check process it starts beside itself.
    folder: 'grading',
    entries: { grade: 'src/grading/main.ts', 'check-worker': 'src/grading/check-worker.ts' },
  },
];

/**
 * zod re-exports every message locale; the harness only ever speaks English. Keeping just `en` cuts the bundle
 * that WebContainer downloads by more than half.
 */
const englishOnlyZod: Plugin = {
  name: 'english-only-zod',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${join('node_modules', 'zod')}`) ? { path: 'zod-locales', namespace: 'english-only-zod' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'english-only-zod' }, () => ({
      contents: "export { default as en } from 'zod/v4/locales/en.js';",
      resolveDir: root,
    }));
  },
};

/**
 * Builds every bundle. Files are written to a scratch folder and renamed into place, so a process starting
 * from a bundle while another vendor run rebuilds it never reads a half-written file.
 */
export async function vendor(): Promise<void> {
  for (const bundle of bundles) {
    const finalDir = join(vendorDir, bundle.folder);
    const outdir = join(vendorDir, `.tmp-${process.pid}-${bundle.folder}`);
    await mkdir(finalDir, { recursive: true });
    await build({
      entryPoints: Object.fromEntries(Object.entries(bundle.entries).map(([name, src]) => [name, join(root, src)])),
      outdir,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node18',
      logLevel: 'warning',
      legalComments: 'none',
      minify: true,
      plugins: [englishOnlyZod],
    });
    await writeFile(join(outdir, 'package.json'), '{ "type": "module" }\n');
    for (const name of await readdir(outdir)) await rename(join(outdir, name), join(finalDir, name));
    await rm(outdir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const started = performance.now();
  await vendor();
  console.log(`vendored ${bundles.map((b) => `.archlab/${b.folder}/`).join(', ')} (${Math.round(performance.now() - started)} ms)`);
}
