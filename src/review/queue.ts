/**
 * What is up for review now: the items scheduled for now or earlier, then today's share of new items. One function,
 * so the header's count and the review page's queue always agree. No scheduler here (the header loads this on
 * every page); ts-fsrs is only loaded by the review page.
 */
import type { ReviewCard, ReviewLesson } from '../schemas/review.ts';
import { lessonOfKey } from './keys.ts';

/** New items a learner meets per day at most: enough to make progress, few enough that reviews do not pile up. */
export const NEW_ITEMS_PER_DAY = 10;

export interface ReviewQueue {
  /** Scheduled items due by now, earliest first. */
  due: ReviewCard[];
  /** Keys of items never reviewed that today's cap still allows, in lesson order (lessons by when they were added). */
  fresh: string[];
  /** The scheduled items of the lessons under review that fall due later. */
  later: ReviewCard[];
}

export function startOfDay(now: number): number {
  // setHours answers with the new time.
  return new Date(now).setHours(0, 0, 0, 0);
}

export function reviewQueue(cards: readonly ReviewCard[], lessons: readonly ReviewLesson[], now: number, newPerDay = NEW_ITEMS_PER_DAY): ReviewQueue {
  const active = lessons.filter((l) => l.inReview).sort((a, b) => a.addedAt - b.addedAt || (a.lesson < b.lesson ? -1 : 1));
  const inReview = new Set(active.map((l) => l.lesson));
  const mine = cards.filter((c) => inReview.has(lessonOfKey(c.key)));
  const scheduled = new Set(cards.map((c) => c.key));
  const introducedToday = cards.filter((c) => c.introducedAt >= startOfDay(now)).length;
  const allowed = Math.max(0, newPerDay - introducedToday);
  return {
    due: mine.filter((c) => c.due <= now).sort((a, b) => a.due - b.due),
    fresh: active.flatMap((l) => l.items).filter((k) => !scheduled.has(k)).slice(0, allowed),
    later: mine.filter((c) => c.due > now),
  };
}

/** The number the header shows. */
export function dueCount(queue: ReviewQueue): number {
  return queue.due.length + queue.fresh.length;
}
