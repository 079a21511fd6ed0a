/**
 * The review state's writes and history that only the review and progress pages need, on the store's database; the
 * store itself (loaded on every page) keeps just what the header and lesson pages use.
 */
import type { ProgressStore, ReviewCard, ReviewLogEntry } from './store.ts';
import { lessonOfKey } from '../review/keys.ts';

/** Every review, oldest first. */
export async function reviewLog(store: ProgressStore): Promise<ReviewLogEntry[]> {
  return store.database().getAll('reviewLog');
}

/** Keeps an item's new schedule and logs the review that set it, together. */
export async function saveReview(store: ProgressStore, card: ReviewCard, log: ReviewLogEntry): Promise<void> {
  const tx = store.database().transaction(['reviewCards', 'reviewLog'], 'readwrite');
  await Promise.all([tx.objectStore('reviewCards').put(card), tx.objectStore('reviewLog').add(log), tx.done]);
}

/**
 * Fits the review state to the course as it is now (lesson → its item keys): schedules of removed items and records
 * of removed lessons go, item lists are refreshed. The review log is history and stays.
 */
export async function pruneReview(store: ProgressStore, course: ReadonlyMap<string, readonly string[]>): Promise<void> {
  const tx = store.database().transaction(['reviewCards', 'reviewLessons'], 'readwrite');
  const cards = tx.objectStore('reviewCards');
  const lessons = tx.objectStore('reviewLessons');
  const [keys, records] = await Promise.all([cards.getAllKeys(), lessons.getAll()]);
  const writes: Promise<unknown>[] = [];
  for (const key of keys) if (!course.get(lessonOfKey(key))?.includes(key)) writes.push(cards.delete(key));
  for (const record of records) {
    const items = course.get(record.lesson);
    writes.push(items ? lessons.put({ ...record, items: [...items] }) : lessons.delete(record.lesson));
  }
  await Promise.all([...writes, tx.done]);
}
