/** What the progress page says about review: due today, reviews per day, and retention per lesson. */
import type { ReviewCard, ReviewLesson, ReviewLogEntry } from '../schemas/review.ts';
import { lessonOfKey } from './keys.ts';
import { dueCount, reviewQueue, startOfDay } from './queue.ts';

const DAY_MS = 24 * 60 * 60_000;

/** Items due by the end of today, new items included: what is left to do today. */
export function dueToday(cards: readonly ReviewCard[], lessons: readonly ReviewLesson[], now: number): number {
  const tomorrow = new Date(startOfDay(now));
  tomorrow.setDate(tomorrow.getDate() + 1);
  return dueCount(reviewQueue(cards, lessons, tomorrow.getTime() - 1));
}

/** Reviews on each of the last `days` local days, oldest first, today last. */
export function reviewsPerDay(log: readonly ReviewLogEntry[], now: number, days = 14): Array<{ day: number; reviews: number }> {
  const starts: number[] = [];
  for (let d = new Date(startOfDay(now)), i = 0; i < days; i++, d.setDate(d.getDate() - 1)) starts.unshift(d.getTime());
  return starts.map((day, i) => {
    const end = starts[i + 1] ?? Infinity;
    return { day, reviews: log.filter((l) => l.reviewedAt >= day && l.reviewedAt < end).length };
  });
}

export interface Retention {
  lesson: string;
  reviews: number;
  /** Rated Hard, Good or Easy: the learner recalled it. */
  recalled: number;
}

/** Per lesson with reviews in the last `days` days: how many, and how many were recalled. In first-reviewed order. */
export function retentionByLesson(log: readonly ReviewLogEntry[], now: number, days = 30): Retention[] {
  const since = now - days * DAY_MS;
  const byLesson = new Map<string, Retention>();
  for (const entry of log) {
    if (entry.reviewedAt < since || entry.reviewedAt > now) continue;
    const lesson = lessonOfKey(entry.key);
    const r = byLesson.get(lesson) ?? { lesson, reviews: 0, recalled: 0 };
    r.reviews++;
    if (entry.rating > 1) r.recalled++;
    byLesson.set(lesson, r);
  }
  return [...byLesson.values()];
}
