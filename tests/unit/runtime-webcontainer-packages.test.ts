/**
 * Packages in WebContainer, against the fake container: files.json names each declared package by a hashed URL
 * (its files are not inlined) and cached for good, the adapter downloads each URL once and mounts the package at
 * node_modules/<name>/ apart from the learner's files, WASM bytes intact.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileSystemTree } from '@webcontainer/api';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { vendorPackages } from '../../scripts/vendor.ts';
import { packageRefs } from '../../src/course/package-payload.ts';
import { vendoredPackages } from '../../src/course/packages.ts';
import { headersFile, headersFor, immutableCache } from '../../src/server/headers.ts';
import { filesPayloadSchema, type FilesPayload } from '../../src/schemas/payloads.ts';
import { FakeContainer, fakeWebContainerModule } from './fake-webcontainer.ts';
import { siteFetch } from './site-fetch.ts';

const PACKAGES = ['sql.js', 'mingo', 'jose'];

async function filesJson(packages: string[]): Promise<FilesPayload> {
  return filesPayloadSchema.parse({
    starter: { 'store.js': "import { Query } from 'mingo';\n" },
    solution: {},
    starterHash: '0'.repeat(64),
    grading: { files: { 'exercise.json': '{}' }, gradeSeconds: 20, harnessUrl: '/grading/harness.json' },
    packages: await packageRefs(packages, '/'),
  });
}

/** The file at `path` in a mounted tree. */
function fileAt(tree: FileSystemTree, path: string): string | Uint8Array | undefined {
  const parts = path.split('/');
  let node: FileSystemTree = tree;
  for (const part of parts.slice(0, -1)) {
    const entry = node[part];
    if (!entry || !('directory' in entry)) return undefined;
    node = entry.directory;
  }
  const leaf = node[parts.at(-1)!];
  return leaf && 'file' in leaf && 'contents' in leaf.file ? leaf.file.contents : undefined;
}

/** The adapter as a new page loads it: its one boot and its downloads not shared with another test. */
async function freshAdapter() {
  vi.resetModules();
  return (await import('../../src/runtime/webcontainer.ts')).WebContainerRuntime;
}

beforeAll(() => vendorPackages(PACKAGES), 120_000);
beforeEach(() => {
  vi.stubGlobal('crossOriginIsolated', true);
});
afterEach(() => vi.unstubAllGlobals());

describe('packages in WebContainer', () => {
  it('files.json names each package by a hashed URL and carries none of its files', async () => {
    const payload = await filesJson(PACKAGES);
    expect(payload.packages.map((p) => p.name)).toEqual(PACKAGES);
    for (const ref of payload.packages) expect(ref.url).toMatch(/^\/packages\/[a-z.]+@\d+\.\d+\.\d+-[0-9a-f]{16}\.json$/);
    const text = JSON.stringify(payload);
    const bundle = await readFile(join(vendoredPackages(['mingo']).mingo!, 'index.js'), 'utf8');
    expect(text.length).toBeLessThan(2000);
    expect(text).not.toContain(bundle.slice(0, 200));
  });

  it('mounts each package at node_modules/<name>/ apart from the starter, downloading each URL once', async () => {
    const fetchFn = await siteFetch(PACKAGES);
    const first = new FakeContainer();
    await (await freshAdapter()).create({
      main: 'node store.js',
      payload: await filesJson(PACKAGES),
      boot: { load: async () => fakeWebContainerModule(first, 0).module },
      fetch: fetchFn as typeof fetch,
    });
    expect(first.mounts).toHaveLength(2);
    expect(Object.keys(first.mounts[0]!)).toEqual(['store.js']);
    const packages = first.mounts[1]!;
    expect(Object.keys(packages)).toEqual(['node_modules']);
    const wasm = fileAt(packages, 'node_modules/sql.js/sql-wasm.wasm');
    expect(wasm).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(wasm as Uint8Array).equals(await readFile(join(vendoredPackages(['sql.js'])['sql.js']!, 'sql-wasm.wasm')))).toBe(true);
    for (const name of PACKAGES) {
      const manifest = JSON.parse(Buffer.from(fileAt(packages, `node_modules/${name}/package.json`) as Uint8Array).toString());
      expect(manifest).toMatchObject({ name, type: 'module' });
    }

    expect(fetchFn.mock.calls.map(([url]) => String(url)).sort()).toEqual((await filesJson(PACKAGES)).packages.map((p) => p.url).sort());
  });

  it('serves a package at one URL for every exercise that uses it, cached for good', async () => {
    const [mingoAlone] = (await filesJson(['mingo'])).packages;
    expect((await filesJson(PACKAGES)).packages).toContainEqual(mingoAlone);
    expect(headersFor(mingoAlone!.url)['Cache-Control']).toBe(immutableCache);
    expect(headersFile()).toContain('/packages/*\n  Cache-Control: public, max-age=31536000, immutable');
  });

  it('mounts nothing more for an exercise without packages', async () => {
    const container = new FakeContainer();
    const fetchFn = vi.fn();
    await (await freshAdapter()).create({
      main: 'node store.js',
      payload: await filesJson([]),
      boot: { load: async () => fakeWebContainerModule(container, 0).module },
      fetch: fetchFn as typeof fetch,
    });
    expect(container.mounts).toHaveLength(1);
    expect(fetchFn).not.toHaveBeenCalled();
  });
});
