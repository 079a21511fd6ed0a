import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DATABASE_VERSION, openProgressStore } from '../../src/progress/store.ts';
import type { Results } from '../../src/schemas/results.ts';

const passing: Results = { version: 1, status: 'pass', tests: [{ id: 'c', name: 'check', task_id: 't', status: 'pass' }] };
const hash = 'a'.repeat(64);

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * A database exactly as the first release left it, written with the raw IndexedDB API so that a change to the
 * store's first migration step cannot change this fixture along with it.
 */
async function createVersion1Database(name: string): Promise<void> {
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => {
    open.result.createObjectStore('edits', { keyPath: 'exerciseId' });
    open.result.createObjectStore('results', { keyPath: 'exerciseId' });
  };
  const db = await request(open);
  const tx = db.transaction(['edits', 'results'], 'readwrite');
  tx.objectStore('edits').put({ exerciseId: 'a/b', files: { 'server.js': 'mine' }, starterHash: hash, savedAt: 5 });
  tx.objectStore('results').put({ exerciseId: 'a/b', results: passing, checkedAt: 6, completed: true });
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

describe('progress store migrations', () => {
  it('upgrades a version-1 database in place: edits and results kept, quiz answers and position added', async () => {
    await createVersion1Database('upgrade-from-1');
    const store = await openProgressStore('upgrade-from-1');
    expect(await store.loadEdits('a/b')).toEqual({ exerciseId: 'a/b', files: { 'server.js': 'mine' }, starterHash: hash, savedAt: 5 });
    expect(await store.loadResults('a/b')).toMatchObject({ completed: true, checkedAt: 6 });
    await store.saveQuizAnswer({ lesson: 'a', question: 'q1', chosen: [true, false], correct: true, answeredAt: 7 });
    expect(await store.loadQuizAnswers('a')).toHaveLength(1);
    await store.savePosition({ kind: 'exercise', id: 'a/b', title: 'B', visitedAt: 8 });
    expect(await store.loadPosition()).toEqual({ kind: 'exercise', id: 'a/b', title: 'B', visitedAt: 8 });
    store.close();

    const db = await request(indexedDB.open('upgrade-from-1'));
    expect(db.version).toBe(DATABASE_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['edits', 'position', 'quizAnswers', 'results', 'reviewCards', 'reviewLessons', 'reviewLog']);
    db.close();
  });

  it('upgrades a version-3 database (before review) in place: its records kept, an empty review schedule added', async () => {
    const open = indexedDB.open('upgrade-from-3', 3);
    open.onupgradeneeded = () => {
      open.result.createObjectStore('edits', { keyPath: 'exerciseId' });
      open.result.createObjectStore('results', { keyPath: 'exerciseId' });
      open.result.createObjectStore('quizAnswers', { keyPath: ['lesson', 'question'] }).createIndex('lesson', 'lesson');
      open.result.createObjectStore('position');
    };
    const old = await request(open);
    const tx = old.transaction('quizAnswers', 'readwrite');
    tx.objectStore('quizAnswers').put({ lesson: 'a', question: 'q1', chosen: [true], correct: true, answeredAt: 3 });
    await new Promise((resolve) => (tx.oncomplete = resolve));
    old.close();

    const store = await openProgressStore('upgrade-from-3');
    expect(await store.loadQuizAnswers('a')).toHaveLength(1);
    expect(await store.reviewSchedule()).toEqual({ cards: [], lessons: [] });
    await store.saveReviewLesson('a', ['a/card/one'], undefined, 9);
    expect((await store.reviewSchedule()).lessons).toEqual([{ lesson: 'a', inReview: true, items: ['a/card/one'], addedAt: 9 }]);
    store.close();
  });

  it('creates every store in a new database and opens an up-to-date one without changing it', async () => {
    const first = await openProgressStore('fresh');
    await first.saveQuizAnswer({ lesson: 'a', question: 'q1', chosen: [true], correct: true, answeredAt: 1 });
    first.close();
    const again = await openProgressStore('fresh');
    expect(await again.loadQuizAnswers('a')).toHaveLength(1);
    again.close();
  });

  it('lets go of its connection when a newer page upgrades, and says so on the next save', async () => {
    const old = await openProgressStore('blocking');
    // What a page with a newer release does: open at a higher version.
    const newer = await request(indexedDB.open('blocking', DATABASE_VERSION + 1));
    newer.close();
    await expect(old.saveQuizAnswer({ lesson: 'a', question: 'q', chosen: [true], correct: true, answeredAt: 1 })).rejects.toThrow(
      /updated in another tab; reload this page/,
    );
  });
});
