/**
 * A runner session lays the exercise's declared packages into its node_modules/: sandbox code imports them by plain
 * name, they count against no file cap, listings leave them out, the protocol cannot write them, and Check grades
 * with them.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vendorPackages } from '../../scripts/vendor.ts';
import { DEFAULT_LIMITS } from '../../src/runner/index.ts';
import { Session, type SessionHost } from '../../src/runner/session.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const fixture = path.join(repoRoot, 'tests/fixtures/packages/exercise');
const PACKAGES = ['sql.js', 'mingo', 'jose'];
// Far below the size of sql.js's WASM file alone (about 680 KB): laid packages must not count.
const LIMITS = { ...DEFAULT_LIMITS, maxFiles: 10, maxFileBytes: 10_000, maxTotalBytes: 20_000 };

const host: SessionHost = { send: () => {}, backlog: () => 0, previewUrl: () => 'http://unused', touch: () => {} };

let scratch: string;
let session: Session;
let starter: Record<string, string>;

beforeAll(async () => {
  await vendorPackages(PACKAGES);
  // A project root of its own: the real package.json and vendored packages, and the fixture as its one exercise.
  scratch = await mkdtemp(path.join(tmpdir(), 'archlab-runner-packages-'));
  await cp(path.join(repoRoot, 'package.json'), path.join(scratch, 'package.json'));
  await symlink(path.join(repoRoot, '.archlab'), path.join(scratch, '.archlab'));
  await mkdir(path.join(scratch, 'sandboxes/fixture'), { recursive: true });
  await cp(fixture, path.join(scratch, 'sandboxes/fixture/packages'), { recursive: true });
  ({ session, starter } = await Session.open(scratch, 'fixture/packages', LIMITS, host));
}, 120_000);

afterAll(async () => {
  await session?.end();
  await rm(scratch, { recursive: true, force: true });
});

describe('packages in a runner session', () => {
  it('are laid into node_modules/ but left out of the starter and of listings', async () => {
    expect(Object.keys(starter)).toEqual(['store.js']);
    expect(await session.files.list()).toEqual({ paths: ['store.js'], truncated: false });
    for (const name of PACKAGES) {
      const manifest = JSON.parse(await readFile(path.join(session.files.dir, 'node_modules', name, 'package.json'), 'utf8'));
      expect(manifest).toMatchObject({ name, type: 'module' });
    }
  });

  it('cannot be written through the protocol, and do not count against the caps', async () => {
    await expect(session.files.writeAll({ 'node_modules/mingo/index.js': 'export {};\n' })).rejects.toMatchObject({
      code: 'bad-path',
      message: '"node_modules/mingo/index.js" belongs to the package in node_modules/mingo/, which is read-only',
    });
    await session.files.writeAll({ 'notes.txt': 'a small file fits within 20 KB\n' });
    expect((await session.files.list()).paths).toEqual(['notes.txt', 'store.js']);
  });

  it('are imported by plain name from sandbox code run with Node', async () => {
    const solution = await readFile(path.join(fixture, 'solution/store.js'), 'utf8');
    await session.files.writeAll({ 'store.js': solution });
    const script =
      "const s = await import('./store.js'); const secret = new Uint8Array(32);" +
      "console.log(JSON.stringify([await s.countRows([1, 2]), s.adults([{ age: 30 }]), (await s.token('x', secret)).split('.').length]));";
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: session.files.dir });
    expect(JSON.parse(stdout)).toEqual([2, [{ age: 30 }], 3]);
  });

  it('are there when Check grades the session', async () => {
    const solution = await readFile(path.join(fixture, 'solution/store.js'), 'utf8');
    const results = await session.grade({ 'store.js': solution });
    expect(results.tests.map((t) => [t.id, t.status])).toEqual([
      ['sql-counts', 'pass'],
      ['mingo-filters', 'pass'],
      ['jose-signs', 'pass'],
    ]);
  }, 60_000);
});
