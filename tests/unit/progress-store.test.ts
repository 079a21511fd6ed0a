import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAutosave, type SaveState } from '../../src/progress/autosave.ts';
import { filesHash, starterHash } from '../../src/progress/hash.ts';
import { isAllPass, openProgressStore } from '../../src/progress/store.ts';
import type { Results } from '../../src/schemas/results.ts';

let dbCount = 0;
const freshName = () => `archlab-test-${++dbCount}`;

const results = (statuses: Array<'pass' | 'fail' | 'error'>): Results => ({
  version: 1,
  status: statuses.includes('error') ? 'error' : statuses.every((s) => s === 'pass') ? 'pass' : 'fail',
  tests: statuses.map((status, i) => ({ id: `c${i}`, name: `check ${i}`, task_id: 't', status })),
});

describe('progress store', () => {
  it('keeps edits per exercise across connections (a reload)', async () => {
    const name = freshName();
    const first = await openProgressStore(name);
    await first.saveEdits({ exerciseId: 'a/b', files: { 'server.js': 'edited' }, starterHash: 'h1', savedAt: 1 });
    await first.saveEdits({ exerciseId: 'a/c', files: { 'x.js': 'other' }, starterHash: 'h2', savedAt: 2 });
    first.close();
    const again = await openProgressStore(name);
    expect(await again.loadEdits('a/b')).toEqual({ exerciseId: 'a/b', files: { 'server.js': 'edited' }, starterHash: 'h1', savedAt: 1 });
    expect((await again.loadEdits('a/c'))?.files).toEqual({ 'x.js': 'other' });
    expect(await again.loadEdits('a/none')).toBeUndefined();
    again.close();
  });

  it('remembers that an exercise was completed even after a later failing check', async () => {
    const store = await openProgressStore(freshName());
    expect((await store.saveResults('a/b', results(['pass', 'fail']))).completed).toBe(false);
    expect((await store.saveResults('a/b', results(['pass', 'pass']))).completed).toBe(true);
    const later = await store.saveResults('a/b', results(['fail', 'pass']), 99);
    expect(later).toMatchObject({ completed: true, checkedAt: 99 });
    expect((await store.loadResults('a/b'))?.results.tests[0]?.status).toBe('fail');
    expect((await store.saveResults('a/other', results(['pass']))).completed).toBe(true);
    store.close();
  });
});

describe('progress store: quiz answers and last position', () => {
  it('keeps the latest answer per question, per lesson', async () => {
    const store = await openProgressStore(freshName());
    await store.saveQuizAnswer({ lesson: 'l1', question: 'q1', chosen: [true, false], correct: false, answeredAt: 1 });
    await store.saveQuizAnswer({ lesson: 'l1', question: 'q1', chosen: [false, true], correct: true, answeredAt: 2 });
    await store.saveQuizAnswer({ lesson: 'l1', question: 'q2', chosen: [true], correct: true, answeredAt: 3 });
    await store.saveQuizAnswer({ lesson: 'l2', question: 'q1', chosen: [true], correct: false, answeredAt: 4 });
    const l1 = await store.loadQuizAnswers('l1');
    expect(l1.map((a) => [a.question, a.chosen, a.correct])).toEqual([
      ['q1', [false, true], true],
      ['q2', [true], true],
    ]);
    expect(await store.loadQuizAnswers('l2')).toHaveLength(1);
    expect(await store.loadQuizAnswers('none')).toEqual([]);
    expect(await store.allQuizAnswers()).toHaveLength(3);
    store.close();
  });

  it('keeps only the last position', async () => {
    const store = await openProgressStore(freshName());
    expect(await store.loadPosition()).toBeUndefined();
    await store.savePosition({ kind: 'lesson', id: 'l1', title: 'One', visitedAt: 1 });
    await store.savePosition({ kind: 'exercise', id: 'l1/e', title: 'E', visitedAt: 2 });
    expect(await store.loadPosition()).toEqual({ kind: 'exercise', id: 'l1/e', title: 'E', visitedAt: 2 });
    store.close();
  });

  it('lists edited exercises by id and every saved result', async () => {
    const store = await openProgressStore(freshName());
    await store.saveEdits({ exerciseId: 'l/b', files: { 'a.js': '1' }, starterHash: 'h', savedAt: 1 });
    await store.saveEdits({ exerciseId: 'l/a', files: { 'a.js': '2' }, starterHash: 'h', savedAt: 1 });
    await store.saveResults('l/a', results(['pass']));
    expect(await store.editedExercises()).toEqual(['l/a', 'l/b']);
    expect((await store.allResults()).map((r) => [r.exerciseId, r.completed])).toEqual([['l/a', true]]);
    store.close();
  });
});

describe('isAllPass', () => {
  it('needs at least one check, all passing, and no run-level error', () => {
    expect(isAllPass(results(['pass', 'pass']))).toBe(true);
    expect(isAllPass(results([]))).toBe(false);
    expect(isAllPass(results(['pass', 'error']))).toBe(false);
    expect(isAllPass({ ...results(['pass']), status: 'error', message: 'budget ran out' })).toBe(false);
  });
});

describe('filesHash', () => {
  it('depends on paths and contents, not on key order', async () => {
    const a = await filesHash({ 'a.js': '1', 'b.js': '2' });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await filesHash({ 'b.js': '2', 'a.js': '1' })).toBe(a);
    expect(await filesHash({ 'a.js': '1', 'b.js': '3' })).not.toBe(a);
    expect(await filesHash({ 'a.js': '1', 'c.js': '2' })).not.toBe(a);
  });

  it('starterHash changes with an editable file, not with a read-only one', async () => {
    const starter = { 'server.js': 'a', 'primes.js': 'b' };
    const hash = await starterHash(starter, ['server.js']);
    expect(await starterHash({ ...starter, 'primes.js': 'changed' }, ['server.js'])).toBe(hash);
    expect(await starterHash({ ...starter, 'server.js': 'changed' }, ['server.js'])).not.toBe(hash);
    expect(hash).toBe(await filesHash({ 'server.js': 'a' }));
  });
});

describe('autosave', () => {
  afterEach(() => vi.useRealTimers());

  it('saves once, within 500 ms of the last change, and reports each state', async () => {
    vi.useFakeTimers();
    const save = vi.fn(async () => {});
    const states: SaveState['kind'][] = [];
    const autosave = createAutosave(save, (s) => states.push(s.kind));
    autosave.changed();
    await vi.advanceTimersByTimeAsync(100);
    autosave.changed();
    await vi.advanceTimersByTimeAsync(100);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(400); // 500 ms after the last change
    expect(save).toHaveBeenCalledTimes(1);
    expect(states).toEqual(['unsaved', 'unsaved', 'saving', 'saved']);
  });

  it('flush saves pending changes at once and does nothing when all is saved', async () => {
    const save = vi.fn(async () => {});
    const autosave = createAutosave(save, () => {}, { delayMs: 60_000 });
    await autosave.flush();
    expect(save).not.toHaveBeenCalled();
    autosave.changed();
    await autosave.flush();
    expect(save).toHaveBeenCalledTimes(1);
    autosave.dispose();
  });

  it('reports a failed save and retries it on the next flush', async () => {
    let fail = true;
    const save = vi.fn(async () => {
      if (fail) throw new Error('quota exceeded');
    });
    const states: SaveState[] = [];
    const autosave = createAutosave(save, (s) => states.push(s), { delayMs: 60_000 });
    autosave.changed();
    await autosave.flush();
    expect(states.at(-1)).toEqual({ kind: 'failed', message: 'quota exceeded' });
    fail = false;
    await autosave.flush();
    expect(save).toHaveBeenCalledTimes(2);
    expect(states.at(-1)?.kind).toBe('saved');
  });
});
