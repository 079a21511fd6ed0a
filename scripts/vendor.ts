// Bundles code that sandboxes run into the git-ignored .archlab/ folder as plain JavaScript for Node 20+, so
// WebContainer (no TypeScript, no npm install) runs the same code as the local runner and the CLIs: the check
// harness, and every npm package an exercise declares (src/course/packages.ts).
// `npm run vendor`; build, dev, grade and verify call `vendor()` first.
import { existsSync, readFileSync } from 'node:fs';
import { chmod, copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import type { Plugin } from 'esbuild';
import { declaredPackages, packageProblem, projectDependencies, vendoredRoot } from '../src/course/packages.ts';

const root = resolve(import.meta.dirname, '..');
/** The oldest Node sandboxes run on: jose needs WebCrypto on `globalThis`, which Node has from 20. */
const SANDBOX_NODE = 'node20';
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
    entries: { grade: 'src/grading/grade-script.ts', 'check-worker': 'src/grading/check-worker.ts' },
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
 * The files a bundle was built from (project-relative), written beside its folder — not in it: the folder is what
 * WebContainer downloads. The lock file stands for node_modules.
 */
const inputsFile = (bundle: Bundle): string => join(vendorDir, `${bundle.folder}.inputs.json`);

/** Whether the bundle was built after every file it was built from last changed. */
async function upToDate(dir: string, bundle: Bundle): Promise<boolean> {
  const built = await stat(inputsFile(bundle)).catch(() => undefined);
  if (!built) return false;
  const outputs = Object.keys(bundle.entries).map((name) => join(dir, `${name}.js`));
  if (!outputs.every((file) => existsSync(file))) return false;
  const inputs = JSON.parse(await readFile(inputsFile(bundle), 'utf8')) as string[];
  for (const input of [...inputs, 'package-lock.json']) {
    const changed = await stat(join(root, input)).catch(() => undefined);
    if (!changed || changed.mtimeMs > built.mtimeMs) return false;
  }
  return true;
}

/**
 * Builds every bundle that is older than its sources, then the packages exercises declare. Files are written to a
 * scratch folder and renamed into place, so a process starting from a bundle while another vendor run rebuilds it
 * never reads a half-written file.
 */
export async function vendor(): Promise<void> {
  for (const bundle of bundles) {
    const finalDir = join(vendorDir, bundle.folder);
    if (await upToDate(finalDir, bundle)) continue;
    const outdir = join(vendorDir, `.tmp-${process.pid}-${bundle.folder}`);
    await mkdir(finalDir, { recursive: true });
    // Loaded only to build: a grading that finds its bundle up to date does not pay for it.
    const { build } = await import('esbuild');
    const { metafile } = await build({
      metafile: true,
      entryPoints: Object.fromEntries(Object.entries(bundle.entries).map(([name, src]) => [name, join(root, src)])),
      outdir,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: SANDBOX_NODE,
      logLevel: 'warning',
      legalComments: 'none',
      minify: true,
      plugins: [englishOnlyZod],
    });
    await writeFile(join(outdir, 'package.json'), '{ "type": "module" }\n');
    for (const name of await readdir(outdir)) await rename(join(outdir, name), join(finalDir, name));
    await rm(outdir, { recursive: true, force: true });
    // Written last, so its time is the build's. esbuild names inputs relative to the working folder.
    const inputs = Object.keys(metafile.inputs).filter((input) => !input.includes(':')).map((input) => relative(root, resolve(input)));
    await writeFile(inputsFile(bundle), `${JSON.stringify(inputs)}\n`);
  }
  await vendorPackages(declaredPackages(root));
}

// CommonJS code bundled as ESM still calls require() and reads __dirname (sql.js finds its WASM file by it).
const COMMONJS_GLOBALS =
  "import{createRequire as __archlabRequire}from'node:module';import{fileURLToPath as __archlabPath}from'node:url';" +
  'const require=__archlabRequire(import.meta.url),__filename=__archlabPath(import.meta.url),__dirname=__archlabPath(new URL(".",import.meta.url));';

/** Asset files a bundle loads from beside itself at run time, found by their names in its code. */
const ASSET = /\.(wasm|data)$/;

/**
 * Pre-bundles each package (at the version package.json pins) into `.archlab/packages/<name>@<version>/node_modules/<name>/`:
 * one ESM `index.js` for Node, the WASM assets it names beside it, a package.json, all read-only. A version already
 * vendored is kept, so this is quick when nothing changed.
 */
export async function vendorPackages(names: readonly string[], projectRoot = root): Promise<void> {
  const dependencies = projectDependencies(projectRoot);
  for (const name of names) {
    const problem = packageProblem(name, dependencies);
    if (problem) throw new Error(`cannot vendor package ${name}: ${problem}`);
    const version = dependencies[name]!;
    const finalRoot = vendoredRoot(name, version, projectRoot);
    if (existsSync(finalRoot)) continue;
    const tmpRoot = `${finalRoot}.tmp-${process.pid}`;
    const out = join(tmpRoot, 'node_modules', name);
    const { build } = await import('esbuild');
    const result = await build({
      entryPoints: { index: name },
      absWorkingDir: projectRoot,
      outdir: out,
      bundle: true,
      // Neutral with ESM conditions: packages that ship CommonJS for `node` and ESM otherwise (mingo) keep their named exports.
      platform: 'neutral',
      mainFields: ['module', 'main'],
      conditions: ['import', 'default'],
      external: [...builtinModules, 'node:*'],
      format: 'esm',
      target: SANDBOX_NODE,
      banner: { js: COMMONJS_GLOBALS },
      minify: true,
      legalComments: 'none',
      logLevel: 'warning',
      metafile: true,
    });
    const code = readFileSync(join(out, 'index.js'), 'utf8');
    for (const input of Object.keys(result.metafile.inputs)) {
      const folder = dirname(resolve(projectRoot, input));
      for (const file of await readdir(folder)) {
        if (ASSET.test(file) && code.includes(file) && !existsSync(join(out, file))) await copyFile(join(folder, file), join(out, file));
      }
    }
    await writeFile(join(out, 'package.json'), `${JSON.stringify({ name, version, type: 'module', exports: { '.': './index.js' } }, null, 2)}\n`);
    for (const file of await readdir(out)) await chmod(join(out, file), 0o444);
    await rename(tmpRoot, finalRoot).catch(async (error: NodeJS.ErrnoException) => {
      // Another vendor run finished the same version first: theirs is as good.
      await rm(tmpRoot, { recursive: true, force: true });
      if (!existsSync(finalRoot)) throw error;
    });
  }
}

if (import.meta.main) {
  const started = performance.now();
  await vendor();
  const packages = declaredPackages(root);
  console.log(
    `vendored ${bundles.map((b) => `.archlab/${b.folder}/`).join(', ')}${packages.length ? ` and packages ${packages.join(', ')}` : ''} (${Math.round(performance.now() - started)} ms)`,
  );
}
