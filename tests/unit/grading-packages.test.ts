/**
 * Grading an exercise that declares packages: the fixture imports sql.js (WASM), mingo and jose in its learner code
 * and its checks, and grades in-process and through the vendored grade.js CLI; a package that is not a pinned,
 * vendored dependency stops grading with a message naming it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vendor, vendorDir, vendorPackages } from '../../scripts/vendor.ts';
import { vendoredPackages } from '../../src/course/packages.ts';
import { grade } from '../../src/grading/grade.ts';
import { resultsSchema } from '../../src/schemas/results.ts';

const root = join(import.meta.dirname, '../..');
const fixture = join(root, 'tests/fixtures/packages/exercise');
const statuses = (results: { tests: Array<{ id: string; status: string }> }) => results.tests.map((t) => [t.id, t.status]);

beforeAll(async () => {
  await vendor();
  await vendorPackages(['sql.js', 'mingo', 'jose']);
}, 180_000);

describe('an exercise with packages', () => {
  it('passes its solution: learner code and checks import the packages by plain name', { timeout: 60_000 }, async () => {
    const results = await grade({ exerciseDir: fixture });
    expect(results.message).toBeUndefined();
    expect(statuses(results)).toEqual([
      ['sql-counts', 'pass'],
      ['mingo-filters', 'pass'],
      ['jose-signs', 'pass'],
    ]);
  });

  it('fails its starter check by check, without a run-level error', { timeout: 60_000 }, async () => {
    const results = await grade({ exerciseDir: fixture, learnerDir: join(fixture, 'starter') });
    expect(results.status).toBe('fail');
    expect(statuses(results).map(([, status]) => status)).not.toContain('pass');
    expect(results.tests[0]?.message).toBe('rows counted: expected 3, got 0');
  });

  it('grades with the vendored grade.js CLI', { timeout: 60_000 }, async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(vendorDir, 'grading/grade.js'), fixture], { cwd: root });
    expect(resultsSchema.parse(JSON.parse(stdout)).status).toBe('pass');
  });
});

describe('a package that cannot be laid in', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'archlab-packages-'));
    await writeFile(join(scratch, 'package.json'), JSON.stringify({ dependencies: { mingo: '7.2.7' } }));
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it('is named when the project does not depend on it', () => {
    expect(() => vendoredPackages(['left-pad'], scratch)).toThrow('"left-pad" is not a dependency of the project');
  });

  it('is named, with the command to run, when it was not vendored', () => {
    expect(() => vendoredPackages(['mingo'], scratch)).toThrow(/package "mingo" is not vendored at .*mingo@7\.2\.7.*: run `npm run vendor`/);
  });
});
