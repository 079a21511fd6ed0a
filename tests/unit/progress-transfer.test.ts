import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { saveReview } from '../../src/progress/review-writes.ts';
import { openProgressStore, type ProgressSnapshot, type ProgressStore } from '../../src/progress/store.ts';
import { exportProgress, planImport, prepareImport } from '../../src/progress/transfer.ts';
import { readSnapshot, replaceAll } from '../../src/progress/whole-store.ts';
import { exportFileName, parseProgressExport, PROGRESS_FORMAT_VERSION } from '../../src/schemas/progress-export.ts';
import type { Results } from '../../src/schemas/results.ts';
import { rate } from '../../src/review/scheduler.ts';

const noReview = () => ({ cards: [], log: [], lessons: [] });

let dbCount = 0;
const freshName = () => `archlab-transfer-${++dbCount}`;
const hash = (c: string) => c.repeat(64);
const passing: Results = { version: 1, status: 'pass', tests: [{ id: 'c1', name: 'Serves', task_id: 'serve', status: 'pass', output: 'ok\n' }] };
const failing: Results = { version: 1, status: 'fail', tests: [{ id: 'c1', name: 'Serves', task_id: 'serve', status: 'fail', expected: '200', actual: '500' }] };

/** A store holding one of everything, and a second learner's different progress. */
async function storeWith(kind: 'mine' | 'theirs'): Promise<ProgressStore> {
  const store = await openProgressStore(freshName());
  if (kind === 'mine') {
    await store.saveEdits({ exerciseId: 'dev-vs-production/graceful-shutdown', files: { 'server.js': 'mine' }, starterHash: hash('a'), savedAt: 10 });
    await store.saveEdits({ exerciseId: 'message-queues/explicit-acks', files: { 'worker.js': 'same' }, starterHash: hash('b'), savedAt: 11 });
    await store.saveEdits({ exerciseId: 'message-queues/retry', files: { 'worker.js': 'only here' }, starterHash: hash('c'), savedAt: 12 });
    await store.saveResults('dev-vs-production/graceful-shutdown', passing, 20);
    await store.saveResults('dev-vs-production/graceful-shutdown', failing, 21);
    await store.saveQuizAnswer({ lesson: 'message-queues', question: 'why-ack-late', chosen: [false, true, false], correct: true, answeredAt: 30 });
    await store.savePosition({ kind: 'exercise', id: 'message-queues/retry', title: 'Retry with backoff', visitedAt: 40 });
    await store.saveReviewLesson('message-queues', ['message-queues/card/ack', 'message-queues/quiz/ack'], undefined, 41);
    const first = rate('message-queues/card/ack', undefined, 1, 50);
    await saveReview(store, first.card, first.log);
    const second = rate('message-queues/card/ack', first.card, 3, 60_050);
    await saveReview(store, second.card, second.log);
  } else {
    await store.saveEdits({ exerciseId: 'dev-vs-production/graceful-shutdown', files: { 'server.js': 'theirs' }, starterHash: hash('a'), savedAt: 50 });
    await store.saveEdits({ exerciseId: 'message-queues/explicit-acks', files: { 'worker.js': 'same' }, starterHash: hash('b'), savedAt: 51 });
    await store.saveEdits({ exerciseId: 'message-queues/idempotent', files: { 'consumer.js': 'new' }, starterHash: hash('d'), savedAt: 52 });
    await store.saveResults('message-queues/idempotent', passing, 60);
  }
  return store;
}

describe('export and import', () => {
  it('round-trips everything: export from one browser, import into another, the stores then match', async () => {
    const mine = await storeWith('mine');
    const exported = await exportProgress(mine, new Date(2026, 2, 7, 23, 59));
    expect(exported.name).toBe('archlab-progress-2026-03-07.json');
    const file = JSON.parse(exported.json);
    expect(file).toMatchObject({ format: 'archlab-progress', version: PROGRESS_FORMAT_VERSION });
    expect(file.results[0]).toMatchObject({ completed: true, results: failing });

    const other = await storeWith('theirs');
    const prepared = await prepareImport(other, exported.json);
    if (!prepared.ok) throw new Error(prepared.message);
    await prepared.apply();
    expect(await readSnapshot(other)).toEqual(await readSnapshot(mine));
    expect(await other.loadEdits('message-queues/idempotent')).toBeUndefined();
    mine.close();
    other.close();
  });

  it('says what an import would replace: counts per kind and which exercises’ edits differ', async () => {
    const mine = await storeWith('mine');
    const theirs = await storeWith('theirs');
    const prepared = await prepareImport(mine, (await exportProgress(theirs)).json);
    if (!prepared.ok) throw new Error(prepared.message);
    expect(prepared.plan.counts).toEqual([
      { label: 'Exercises with saved edits', here: 3, inFile: 3 },
      { label: 'Exercises with check results', here: 1, inFile: 1 },
      { label: 'Completed exercises', here: 1, inFile: 1 },
      { label: 'Quiz answers', here: 1, inFile: 0 },
      { label: 'Last position', here: 1, inFile: 0 },
      { label: 'Scheduled review items', here: 1, inFile: 0 },
      { label: 'Reviews logged', here: 2, inFile: 0 },
    ]);
    expect(prepared.plan.edits).toEqual({
      changed: ['dev-vs-production/graceful-shutdown'],
      added: ['message-queues/idempotent'],
      removed: ['message-queues/retry'],
    });
    mine.close();
    theirs.close();
  });

  it('compares edits by their files: a different path set differs, the same files in another order do not', () => {
    const edits = (files: Record<string, string>) => ({ exerciseId: 'a/b', files, starterHash: hash('a'), savedAt: 1 });
    const snap = (files: Record<string, string>): ProgressSnapshot => ({ edits: [edits(files)], results: [], quizAnswers: [], lastPosition: null, review: noReview() });
    expect(planImport(snap({ 'x.js': '1', 'y.js': '2' }), snap({ 'y.js': '2', 'x.js': '1' })).edits.changed).toEqual([]);
    expect(planImport(snap({ 'x.js': '1' }), snap({ 'x.js': '1', 'y.js': '' })).edits.changed).toEqual(['a/b']);
  });

  describe('a refused file names what is wrong and changes nothing', async () => {
    const valid = JSON.parse((await exportProgress(await storeWith('theirs'), new Date('2026-01-02T03:04:05Z'))).json);
    const cases: Array<[string, string, RegExp]> = [
      ['not JSON', '{"format": "archlab-progress", ', /not JSON/],
      ['foreign JSON (no marker)', JSON.stringify({ name: 'my-package', version: '1.0.0' }), /not an archlab progress file: it has no "format" field/],
      ['another format', JSON.stringify({ ...valid, format: 'other-app' }), /its "format" is "other-app" where "archlab-progress" was expected/],
      ['an array', '[]', /not an archlab progress file/],
      ['a newer version', JSON.stringify({ ...valid, version: PROGRESS_FORMAT_VERSION + 1 }), new RegExp(`newer archlab \\(progress format version ${PROGRESS_FORMAT_VERSION + 1}\\); this site reads version ${PROGRESS_FORMAT_VERSION}`)],
      ['a missing kind', JSON.stringify({ ...valid, quizAnswers: undefined }), /damaged: quizAnswers: required field is missing \(expected array\)/],
      ['a bad exercise id', JSON.stringify({ ...valid, edits: [{ ...valid.edits[0], exerciseId: '../../etc' }] }), /edits\[0\]\.exerciseId: expected an exercise id/],
      ['a bad file path', JSON.stringify({ ...valid, edits: [{ ...valid.edits[0], files: { '/etc/passwd': 'x' } }] }), /edits\[0\]\.files/],
      ['a damaged results object', JSON.stringify({ ...valid, results: [{ ...valid.results[0], results: { ...passing, status: 'great' } }] }), /results\[0\]\.results\.status: expected one of "pass", "fail", "error"/],
      ['an unknown field', JSON.stringify({ ...valid, extra: 1 }), /extra: unknown field/],
      ['the same exercise twice', JSON.stringify({ ...valid, edits: [valid.edits[0], valid.edits[0]] }), /edits\[1\]: exercise dev-vs-production\/graceful-shutdown appears more than once/],
    ];
    it.each(cases)('%s', async (_what, text, message) => {
      const store = await storeWith('mine');
      const before = await readSnapshot(store);
      const prepared = await prepareImport(store, text);
      expect(prepared.ok).toBe(false);
      if (!prepared.ok) expect(prepared.message).toMatch(message);
      expect(await readSnapshot(store)).toEqual(before);
      store.close();
    });
  });

  it('imports a format-1 file (written before review existed) with an empty review schedule', async () => {
    const store = await storeWith('mine');
    const file = { format: 'archlab-progress', version: 1, exportedAt: '2026-01-02T03:04:05.000Z', edits: [], results: [], quizAnswers: [], lastPosition: null };
    const prepared = await prepareImport(store, JSON.stringify(file));
    if (!prepared.ok) throw new Error(prepared.message);
    expect(prepared.plan.counts.find((c) => c.label === 'Scheduled review items')).toEqual({ label: 'Scheduled review items', here: 1, inFile: 0 });
    await prepared.apply();
    expect((await readSnapshot(store)).review).toEqual(noReview());
    store.close();
  });

  it('refuses a format-1 file that carries review state, and a format-2 file without it', () => {
    const base = { format: 'archlab-progress', exportedAt: '2026-01-02T03:04:05.000Z', edits: [], results: [], quizAnswers: [], lastPosition: null };
    expect(parseProgressExport(JSON.stringify({ ...base, version: 1, review: noReview() }))).toMatchObject({ ok: false, message: /review: unknown field/ });
    expect(parseProgressExport(JSON.stringify({ ...base, version: 2 }))).toMatchObject({ ok: false, message: /review: required field is missing/ });
  });

  it('lists at most five problems of a badly damaged file and counts the rest', () => {
    const text = JSON.stringify({ format: 'archlab-progress', version: 1, exportedAt: 'yesterday', edits: [1, 2, 3], results: [4], quizAnswers: [5], lastPosition: 6 });
    const parsed = parseProgressExport(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(/^This archlab progress file is damaged: exportedAt: expected an ISO date and time.*; edits\[0\]: expected object, received number; .*\(and 2 more\)\.$/);
  });

  it('replaces all or nothing: a record that cannot be stored leaves everything as it was', async () => {
    const store = await storeWith('mine');
    const before = await readSnapshot(store);
    const broken = {
      edits: [],
      results: [],
      // No key: IndexedDB refuses the put, after the clears were queued in the same transaction.
      quizAnswers: [{ lesson: 'l', chosen: [true], correct: true, answeredAt: 1 } as never],
      lastPosition: null,
      review: noReview(),
    };
    await expect(replaceAll(store, broken)).rejects.toThrow();
    expect(await readSnapshot(store)).toEqual(before);
    store.close();
  });
});

describe('exportFileName', () => {
  it('uses the local date, zero-padded', () => {
    expect(exportFileName(new Date(2026, 0, 5, 0, 1))).toBe('archlab-progress-2026-01-05.json');
  });
});
