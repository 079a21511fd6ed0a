/**
 * npm packages inside sandboxes. An exercise declares the packages its code and checks import (`packages` in
 * exercise.json); the version is the one the project's package.json pins. `npm run vendor` pre-bundles each into
 *
 *   .archlab/packages/<name>@<version>/node_modules/<name>/   package.json, index.js (ESM), WASM assets beside it
 *
 * and every sandbox gets a copy of the declared ones in a `node_modules/` Node resolves by plain name: the runner
 * session's folder, the grading run's root (above both the graded tree and the checks), and WebContainer's
 * working folder. Nothing is installed per visit.
 */
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { GradingSetupError } from '../grading/errors.ts';
import { exerciseDir, findExercises } from './layout.ts';

/** Under the project root: one folder per vendored package and version. */
export const PACKAGES_DIR = join('.archlab', 'packages');

/** The package names and exact versions the project depends on (`dependencies` of its package.json). */
export function projectDependencies(root = process.cwd()): Record<string, string> {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return manifest.dependencies ?? {};
}

/** Why `name` cannot be used in a sandbox, or undefined when the project pins an exact version of it. */
export function packageProblem(name: string, dependencies: Record<string, string>): string | undefined {
  const version = dependencies[name];
  if (version === undefined) return `"${name}" is not a dependency of the project: add it to package.json's dependencies (exact version) first`;
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) return `"${name}" is pinned as "${version}" in package.json; sandboxes need an exact version like "1.2.3"`;
  return undefined;
}

/** Every package some exercise under sandboxes/ declares (manifests that do not parse are the content check's to report). */
export function declaredPackages(root = process.cwd()): string[] {
  const names = new Set<string>();
  for (const id of findExercises(root)) {
    try {
      const manifest = JSON.parse(readFileSync(join(exerciseDir(id, root), 'exercise.json'), 'utf8')) as { packages?: unknown };
      if (Array.isArray(manifest.packages)) for (const name of manifest.packages) if (typeof name === 'string') names.add(name);
    } catch {
      // missing or broken manifest: check:content names it
    }
  }
  return [...names].sort();
}

/** `.archlab/packages/<name>@<version>` (a scoped name's `/` becomes `+`): the folder whose node_modules/ holds it. */
export const vendoredRoot = (name: string, version: string, root = process.cwd()): string =>
  join(root, PACKAGES_DIR, `${name.replace('/', '+')}@${version}`);

/** The vendored `node_modules/<name>` folder of each of `names`; a GradingSetupError naming what is missing otherwise. */
export function vendoredPackages(names: readonly string[], root = process.cwd()): Record<string, string> {
  if (!names.length) return {};
  const dependencies = projectDependencies(root);
  const folders: Record<string, string> = {};
  for (const name of names) {
    const problem = packageProblem(name, dependencies);
    if (problem) throw new GradingSetupError(problem);
    const folder = join(vendoredRoot(name, dependencies[name]!, root), 'node_modules', name);
    if (!existsSync(join(folder, 'package.json'))) throw new GradingSetupError(`package "${name}" is not vendored at ${folder}: run \`npm run vendor\``);
    folders[name] = folder;
  }
  return folders;
}

/** The packages a `node_modules` folder holds for `names` (WebContainer's grader finds them in the sandbox's own). */
export function packagesIn(nodeModules: string, names: readonly string[]): Record<string, string> {
  const folders: Record<string, string> = {};
  for (const name of names) {
    const folder = join(nodeModules, name);
    if (!existsSync(join(folder, 'package.json'))) throw new GradingSetupError(`package "${name}" is missing from ${nodeModules}`);
    folders[name] = folder;
  }
  return folders;
}

async function copyFolder(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (entry.isDirectory()) await copyFolder(join(from, entry.name), join(to, entry.name));
    else if (entry.isFile()) await copyFile(join(from, entry.name), join(to, entry.name)); // keeps the read-only mode
  }
}

/**
 * Copies each package (name → its folder) to `<nodeModules>/<name>/`. A copy, not a link: Node resolves modules by
 * their real path, and a grading worker may read only inside its run's folder. The files stay read-only as vendored.
 */
export async function layPackages(packages: Record<string, string>, nodeModules: string): Promise<void> {
  for (const [name, folder] of Object.entries(packages)) await copyFolder(folder, join(nodeModules, name));
}

/** The paths a sandbox's file listing leaves out: the laid packages' folders. */
export const packagePaths = (names: readonly string[]): string[] => names.map((name) => `node_modules/${name}`);
