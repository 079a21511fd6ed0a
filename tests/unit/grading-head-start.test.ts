/**
 * A grading run begun ahead of Check (head-start.ts): its worker runs the first check, a worker that died meanwhile
 * or was started for other checks is replaced, and a run that never happens leaves nothing behind.
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { grade } from '../../src/grading/grade.ts';
import { headStart } from '../../src/grading/head-start.ts';
import * as workers from '../../src/grading/run-worker.ts';
import { killTree } from '../../src/process/kill-tree.ts';
import { findMarked, newMarker, underMarker } from '../../src/process/marker.ts';
import { vendor } from '../../scripts/vendor.ts';

vi.mock('../../src/grading/run-worker.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/grading/run-worker.ts')>();
  return { ...original, spawnWorker: vi.fn((options: Parameters<typeof original.spawnWorker>[0]) => original.spawnWorker(options)) };
});

const exerciseDir = join(import.meta.dirname, '../fixtures/scheduling');
const spawned = () => vi.mocked(workers.spawnWorker).mock.calls.map(([options]) => options.marker);

describe('headStart', () => {
  beforeAll(() => vendor(), 60_000);
  beforeEach(() => {
    vi.mocked(workers.spawnWorker).mockClear();
  });

  it('starts the first worker ahead, and the run hands it the first check', { timeout: 60_000 }, async () => {
    const head = await headStart(exerciseDir, newMarker('test'));
    expect(spawned()).toEqual([`${head.marker}:check-0`]);
    const results = await grade({ exerciseDir, headStart: head });
    expect(results.status).toBe('pass');
    // Four checks, four workers: the one started ahead, then three more numbered after it.
    expect(spawned()).toEqual([0, 1, 2, 3].map((i) => `${head.marker}:check-${i}`));
    expect(existsSync(head.root)).toBe(false);
  });

  it('replaces a worker that ended while it waited', { timeout: 60_000 }, async () => {
    const head = await headStart(exerciseDir, newMarker('test'));
    await killTree(head.marker);
    const results = await grade({ exerciseDir, headStart: head });
    expect(results.status).toBe('pass');
    expect(spawned().filter((marker) => marker === `${head.marker}:check-0`)).toHaveLength(2);
  });

  it('replaces a worker started for checks that have changed since, and runs the checks as they are now', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'archlab-head-start-'));
    try {
      const exercise = join(dir, 'exercise');
      await cp(exerciseDir, exercise, { recursive: true });
      const head = await headStart(exercise, newMarker('test'));
      // The waiting worker may start processes, as the old checks did; the new one starts none, so it must not.
      await writeFile(join(exercise, 'checks', 'order.check.js'), "export default [{ id: 'only', name: 'Only', task: 'serve', measuresTime: false, run() {} }];\n");
      const results = await grade({ exerciseDir: exercise, headStart: head });
      expect(results.status === 'error' ? results.message : results.tests.map((t) => `${t.id} ${t.status}`)).toEqual(['only pass']);
      expect(spawned()).toEqual([`${head.marker}:check-0`, `${head.marker}:check-0`]);
      expect(vi.mocked(workers.spawnWorker).mock.calls[1]![0].access.processes).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('leaves no process and no folder when the run is given up', { timeout: 30_000 }, async () => {
    const head = await headStart(exerciseDir, newMarker('test'));
    expect(await findMarked(underMarker(head.marker))).not.toEqual([]);
    await head.discard();
    expect(await findMarked(underMarker(head.marker))).toEqual([]);
    expect(existsSync(head.root)).toBe(false);
  });
});
