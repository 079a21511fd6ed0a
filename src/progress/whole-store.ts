/**
 * Everything in the store at once, for export and import on the progress page: kept out of src/progress/store.ts,
 * which every page loads.
 */
import { LAST_POSITION, type ProgressSnapshot, type ProgressStore } from './store.ts';

const STORES = ['edits', 'results', 'quizAnswers', 'position', 'reviewCards', 'reviewLog', 'reviewLessons'] as const;

/** Everything, read in one transaction so the parts agree. */
export async function readSnapshot(store: ProgressStore): Promise<ProgressSnapshot> {
  const tx = store.database().transaction(STORES, 'readonly');
  const [edits, results, quizAnswers, lastPosition, cards, log, lessons] = await Promise.all([
    tx.objectStore('edits').getAll(),
    tx.objectStore('results').getAll(),
    tx.objectStore('quizAnswers').getAll(),
    tx.objectStore('position').get(LAST_POSITION),
    tx.objectStore('reviewCards').getAll(),
    tx.objectStore('reviewLog').getAll(),
    tx.objectStore('reviewLessons').getAll(),
  ]);
  await tx.done;
  return { edits, results, quizAnswers, lastPosition: lastPosition ?? null, review: { cards, log, lessons } };
}

/** Replaces everything with `snapshot` in one transaction: on any failure nothing changes. */
export async function replaceAll(store: ProgressStore, snapshot: ProgressSnapshot): Promise<void> {
  const tx = store.database().transaction(STORES, 'readwrite');
  const writes: Promise<unknown>[] = [];
  try {
    // Every request is queued before the first await, as IndexedDB requires within one transaction.
    for (const name of STORES) writes.push(tx.objectStore(name).clear());
    for (const e of snapshot.edits) writes.push(tx.objectStore('edits').put(e));
    for (const r of snapshot.results) writes.push(tx.objectStore('results').put(r));
    for (const a of snapshot.quizAnswers) writes.push(tx.objectStore('quizAnswers').put(a));
    if (snapshot.lastPosition) writes.push(tx.objectStore('position').put(snapshot.lastPosition, LAST_POSITION));
    for (const c of snapshot.review.cards) writes.push(tx.objectStore('reviewCards').put(c));
    for (const l of snapshot.review.log) writes.push(tx.objectStore('reviewLog').add(l));
    for (const l of snapshot.review.lessons) writes.push(tx.objectStore('reviewLessons').put(l));
    await Promise.all([...writes, tx.done]);
  } catch (error) {
    // A write that throws at once (a bad key) leaves the transaction open: abort it so the clears are undone too.
    // The requests already queued then fail as aborted; that is the point, not news.
    for (const w of writes) w.catch(() => {});
    tx.done.catch(() => {});
    try {
      tx.abort();
    } catch {
      // Already aborted by the failed request.
    }
    throw error;
  }
}
