/**
 * Build time only: each vendored package as one payload the browser mounts into WebContainer's node_modules/,
 * served at a URL that carries a hash of its contents (so it is cached for good and shared by every exercise).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PACKAGES_PAYLOAD_PATH, type PackagePayload, type PackageRef } from '../schemas/payloads.ts';
import { projectDependencies, vendoredPackages } from './packages.ts';

async function readTree(dir: string, prefix = ''): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory()) Object.assign(files, await readTree(join(dir, entry.name), `${path}/`));
    else if (entry.isFile()) files[path] = (await readFile(join(dir, entry.name))).toString('base64');
  }
  return files;
}

export interface ServedPackage {
  /** The file name under PACKAGES_PAYLOAD_PATH, without `.json`: `<name>@<version>-<hash>` (`/` of a scope as `+`). */
  file: string;
  payload: PackagePayload;
}

const served = new Map<string, Promise<ServedPackage>>();

/** The payload of vendored package `name` and its file name (read once per build). */
export function servedPackage(name: string, root = process.cwd()): Promise<ServedPackage> {
  let entry = served.get(name);
  if (!entry) {
    entry = (async () => {
      const version = projectDependencies(root)[name]!;
      const payload: PackagePayload = { name, version, files: await readTree(vendoredPackages([name], root)[name]!) };
      const hash = createHash('sha256').update(JSON.stringify(payload)).digest('hex').slice(0, 16);
      return { file: `${name.replace('/', '+')}@${version}-${hash}`, payload };
    })();
    served.set(name, entry);
  }
  return entry;
}

/** files.json's `packages`: where each package the exercise declares is served under `base`. */
export async function packageRefs(names: readonly string[], base: string): Promise<PackageRef[]> {
  return Promise.all(
    names.map(async (name) => ({ name, url: `${base.replace(/\/?$/, '/')}${PACKAGES_PAYLOAD_PATH}/${(await servedPackage(name)).file}.json` })),
  );
}
