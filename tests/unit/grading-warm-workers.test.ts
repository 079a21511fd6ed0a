/**
 * What a grading run does ahead of its checks: workers started before their checks (never more than checks remain),
 * and check listings remembered by the content of the checks folder, so pressing Check again lists them only once.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { listChecks } from '../../src/grading/check-list.ts';
import { copyChecks } from '../../src/grading/grading-folder.ts';
import * as workers from '../../src/grading/run-worker.ts';
import type { SpawnedWorker } from '../../src/grading/run-worker.ts';
import { WarmWorkers } from '../../src/grading/warm-workers.ts';
import { newMarker } from '../../src/process/marker.ts';
import { vendor } from '../../scripts/vendor.ts';

vi.mock('../../src/grading/run-worker.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/grading/run-worker.ts')>();
  return { ...original, runWorker: vi.fn(original.runWorker) };
});

type FakeWorker = SpawnedWorker & { name: string };

/** Workers that only record what happened to them. */
function fakeWorkers() {
  const spawned: string[] = [];
  const discarded: string[] = [];
  const spawn = (): FakeWorker => {
    const name = `w${spawned.length}`;
    spawned.push(name);
    return { name, ended: false, run: () => Promise.reject(new Error(`${name} is fake`)), discard: async () => void discarded.push(name) };
  };
  return { spawned, discarded, spawn };
}

describe('WarmWorkers', () => {
  it('starts one worker before the checks are known, then keeps up to `keep` warm, never more than checks remain', () => {
    const fake = fakeWorkers();
    const pool = new WarmWorkers<FakeWorker>(fake.spawn, 2);
    expect(fake.spawned).toEqual(['w0']);
    pool.expect(3);
    expect(fake.spawned).toEqual(['w0', 'w1']);
    expect(pool.take().name).toBe('w0');
    expect(fake.spawned).toEqual(['w0', 'w1', 'w2']);
    expect(pool.take().name).toBe('w1');
    expect(pool.take().name).toBe('w2');
    // Three checks, three workers: none started for nothing.
    expect(fake.spawned).toHaveLength(3);
  });

  it('hands out workers started earlier first, and starts none while they cover what is known', () => {
    const fake = fakeWorkers();
    const early = fake.spawn();
    const pool = new WarmWorkers<FakeWorker>(fake.spawn, 2, [early]);
    expect(fake.spawned).toEqual(['w0']);
    pool.expect(2);
    expect(fake.spawned).toEqual(['w0', 'w1']);
    expect(pool.take()).toBe(early);
    expect(pool.take().name).toBe('w1');
    expect(fake.spawned).toHaveLength(2);
  });

  it('starts a worker on demand when none is warm, and ends the ones nobody took', async () => {
    const fake = fakeWorkers();
    const pool = new WarmWorkers<FakeWorker>(fake.spawn, 1);
    pool.expect(0);
    await pool.close();
    expect(fake.discarded).toEqual(['w0']);
    expect(pool.take().name).toBe('w1');
    expect(fake.spawned).toEqual(['w0', 'w1']);
  });
});

describe('listChecks', () => {
  beforeAll(() => vendor(), 60_000);

  let temp: string | undefined;
  afterEach(async () => {
    if (temp) await rm(temp, { recursive: true, force: true });
    temp = undefined;
  });

  it('lists a checks folder once while its content stays the same, and again when a file changes', { timeout: 60_000 }, async () => {
    temp = await mkdtemp(join(tmpdir(), 'archlab-listing-'));
    const checksDir = join(temp, 'checks');
    await copyChecks(join(import.meta.dirname, '../fixtures/scheduling'), checksDir);
    const runWorker = vi.mocked(workers.runWorker);
    runWorker.mockClear();
    const first = await listChecks(checksDir, { marker: newMarker('test') });
    const again = await listChecks(checksDir, { marker: newMarker('test') });
    expect(runWorker).toHaveBeenCalledTimes(1);
    expect(again).toEqual(first);
    expect(first.checks.length).toBeGreaterThan(0);

    await writeFile(join(checksDir, 'zz-more.check.js'), "export default [{ id: 'later', name: 'Later', task: 'serve', run() {} }];\n");
    const changed = await listChecks(checksDir, { marker: newMarker('test') });
    expect(runWorker).toHaveBeenCalledTimes(2);
    expect(changed.checks.map((c) => c.id)).toContain('later');
  });

  it('does not remember a listing with problems', { timeout: 60_000 }, async () => {
    temp = await mkdtemp(join(tmpdir(), 'archlab-listing-'));
    const checksDir = join(temp, 'checks');
    await copyChecks(join(import.meta.dirname, '../fixtures/scheduling'), checksDir);
    await writeFile(join(checksDir, 'broken.check.js'), "export default [{ id: 'no-run', name: 'No body', task: 'serve' }];\n");
    const runWorker = vi.mocked(workers.runWorker);
    runWorker.mockClear();
    const first = await listChecks(checksDir, { marker: newMarker('test') });
    await listChecks(checksDir, { marker: newMarker('test') });
    expect(first.problems.map((p) => p.field)).toEqual(['[0].run']);
    expect(runWorker).toHaveBeenCalledTimes(2);
  });
});
