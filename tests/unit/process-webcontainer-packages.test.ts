/**
 * Packages in WebContainer's exact layout, on real Node (the oldest `node` on PATH, nearer WebContainer's Node):
 * the adapter mounts the fixture's starter and its packages into a folder, sandbox code imports sql.js (WASM),
 * mingo and jose by plain name, and Check grades with them through `grade.js --packages node_modules`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vendor, vendorPackages } from '../../scripts/vendor.ts';
import { packageRefs } from '../../src/course/package-payload.ts';
import { readFolderFiles } from '../../src/grading/exercise-files.ts';
import { WebContainerRuntime } from '../../src/runtime/webcontainer.ts';
import { gradingFromPayload } from '../../src/runtime/webcontainer-grading.ts';
import { packageFilesToMount } from '../../src/runtime/webcontainer-packages.ts';
import { filesPayloadSchema } from '../../src/schemas/payloads.ts';
import { FolderContainer, plainNode } from './folder-container.ts';
import { siteFetch } from './site-fetch.ts';

const fixture = join(import.meta.dirname, '../fixtures/packages/exercise');
const PACKAGES = ['sql.js', 'mingo', 'jose'];

let root: string;
let runtime: WebContainerRuntime;

beforeAll(async () => {
  await vendor();
  await vendorPackages(PACKAGES);
  const checks = await readFolderFiles(join(fixture, 'checks'));
  const payload = filesPayloadSchema.parse({
    starter: await readFolderFiles(join(fixture, 'starter')),
    solution: await readFolderFiles(join(fixture, 'solution')),
    starterHash: '0'.repeat(64),
    grading: {
      files: { 'exercise.json': await readFile(join(fixture, 'exercise.json'), 'utf8'), ...Object.fromEntries(Object.entries(checks).map(([p, c]) => [`checks/${p}`, c])) },
      gradeSeconds: 20,
      harnessUrl: '/grading/harness.json',
    },
    packages: await packageRefs(PACKAGES, '/'),
  });
  const fetchFn = (await siteFetch(PACKAGES)) as typeof fetch;
  root = await mkdtemp(join(tmpdir(), 'archlab-wc-packages-'));
  runtime = new WebContainerRuntime(new FolderContainer(root), { main: 'node store.js', grading: gradingFromPayload(payload, fetchFn) });
  await runtime.mount(payload.starter);
  await runtime.mountPackages(await packageFilesToMount(payload.packages, fetchFn));
  await runtime.mount(payload.solution);
}, 180_000);

afterAll(async () => {
  await runtime?.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('packages in the WebContainer layout, on real Node', () => {
  it('are imported by plain name from sandbox code', async () => {
    const script =
      "const s = await import('./store.js'); const secret = new Uint8Array(32);" +
      "console.log(JSON.stringify([await s.countRows([1, 2, 3]), s.adults([{ age: 18 }, { age: 2 }]), (await s.token('x', secret)).split('.').length]));";
    const { stdout } = await promisify(execFile)(plainNode(), ['--input-type=module', '-e', script], { cwd: root });
    expect(JSON.parse(stdout)).toEqual([3, [{ age: 18 }], 3]);
  });

  it('are there for the checks and the learner code when Check grades', { timeout: 120_000 }, async () => {
    const results = await runtime.check();
    expect(results.message).toBeUndefined();
    expect(results.tests.map((t) => [t.id, t.status])).toEqual([
      ['sql-counts', 'pass'],
      ['mingo-filters', 'pass'],
      ['jose-signs', 'pass'],
    ]);
  });
});
