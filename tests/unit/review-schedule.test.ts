import 'fake-indexeddb/auto';
import { createEmptyCard, fsrs, type Card, type Grade } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { pruneReview, reviewLog, saveReview } from '../../src/progress/review-writes.ts';
import { openProgressStore } from '../../src/progress/store.ts';
import { exportProgress, prepareImport } from '../../src/progress/transfer.ts';
import { formatInterval } from '../../src/review/interval.ts';
import { dueCount, NEW_ITEMS_PER_DAY, reviewQueue } from '../../src/review/queue.ts';
import { preview, rate, RATINGS } from '../../src/review/scheduler.ts';
import { dueToday, retentionByLesson, reviewsPerDay } from '../../src/review/stats.ts';
import { countDue } from '../../src/ui/header.ts';
import { reviewCardSchema, type ReviewCard, type ReviewLesson, type ReviewRating } from '../../src/schemas/review.ts';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
/** A fixed clock: 9:00 local time on a fixed day. */
const T0 = new Date(2026, 2, 7, 9, 0).getTime();
const KEY = 'message-queues/card/ack-late';

/** The same ratings given straight to ts-fsrs (no fuzz, as the site schedules). */
function direct(ratings: Array<[Grade, number]>): Card {
  const f = fsrs({ enable_fuzz: false });
  let card = createEmptyCard(new Date(ratings[0]![1]));
  for (const [grade, at] of ratings) card = f.next(card, new Date(at), grade).card;
  return card;
}

function rateAll(ratings: Array<[ReviewRating, number]>): ReviewCard {
  let card: ReviewCard | undefined;
  for (const [rating, at] of ratings) card = rate(KEY, card, rating, at).card;
  return card!;
}

describe('scheduling with FSRS', () => {
  it('moves due dates as FSRS says, rating after rating, through the stored record shape', () => {
    const history: Array<[ReviewRating, number]> = [
      [3, T0],
      [3, T0 + 10 * MIN],
      [1, T0 + 3 * DAY],
      [3, T0 + 3 * DAY + 10 * MIN],
      [4, T0 + 9 * DAY],
    ];
    for (let n = 1; n <= history.length; n++) {
      const ours = rateAll(history.slice(0, n));
      const theirs = direct(history.slice(0, n) as Array<[Grade, number]>);
      expect(ours.due).toBe(theirs.due.getTime());
      expect(ours.stability).toBeCloseTo(theirs.stability, 10);
      expect(ours.difficulty).toBeCloseTo(theirs.difficulty, 10);
      expect(ours.reps).toBe(theirs.reps);
      expect(ours.lapses).toBe(theirs.lapses);
      expect(reviewCardSchema.parse(ours)).toEqual(ours);
    }
    expect(rateAll(history).lapses).toBe(1);
  });

  it('rates a better recall further out, and the buttons show exactly what rating gives', () => {
    const seen = rate(KEY, undefined, 3, T0).card;
    for (const before of [undefined, seen]) {
      const at = T0 + 2 * DAY;
      const shown = preview(before, at);
      const dues = RATINGS.map((r) => rate(KEY, before, r, at).card.due);
      expect(dues).toEqual(RATINGS.map((r) => shown[r]));
      expect([...dues].sort((a, b) => a - b)).toEqual(dues);
      expect(dues[0]).toBeLessThan(dues[3]!);
    }
  });

  it('keeps when an item was first met, and logs each review', () => {
    const first = rate(KEY, undefined, 1, T0);
    const second = rate(KEY, first.card, 3, T0 + 5 * MIN);
    expect(second.card.introducedAt).toBe(T0);
    expect(second.log).toEqual({ key: KEY, rating: 3, reviewedAt: T0 + 5 * MIN });
  });

  it('says intervals in the learner’s words', () => {
    expect([30_000, 10 * MIN, 3 * 60 * MIN, 4 * DAY, 62 * DAY, 800 * DAY].map(formatInterval)).toEqual(['1 min', '10 min', '3 h', '4 d', '2 mo', '2.2 y']);
  });
});

describe('the queue and the header count', () => {
  const lesson = (name: string, items: string[], addedAt = 1, inReview = true): ReviewLesson => ({ lesson: name, inReview, items, addedAt });
  const keys = (name: string, n: number) => Array.from({ length: n }, (_, i) => `${name}/card/c${i}`);

  it('offers due items first, then new ones up to the daily cap, lessons in the order they were added', () => {
    const lessons = [lesson('b', keys('b', 3), 2), lesson('a', keys('a', NEW_ITEMS_PER_DAY), 1)];
    const due = rate('b/card/c0', undefined, 3, T0 - 2 * DAY).card;
    const queue = reviewQueue([due], lessons, T0);
    expect(queue.due.map((c) => c.key)).toEqual(['b/card/c0']);
    // Yesterday's introduction does not count against today's cap.
    expect(queue.fresh).toEqual(keys('a', NEW_ITEMS_PER_DAY));
    expect(dueCount(queue)).toBe(1 + NEW_ITEMS_PER_DAY);
  });

  it('counts today’s new items against the cap, leaves out lessons taken out of review, and keeps what falls due later', () => {
    const met = keys('a', 4).map((k, i) => rate(k, undefined, 3, T0 + i * MIN).card);
    const lessons = [lesson('a', keys('a', 20)), lesson('b', keys('b', 5), 1, false)];
    const now = T0 + 5 * MIN;
    const queue = reviewQueue(met, lessons, now);
    expect(queue.due).toEqual([]);
    expect(queue.fresh).toEqual(keys('a', 20).slice(4, NEW_ITEMS_PER_DAY));
    expect(queue.later).toEqual(met);
    expect(dueCount(reviewQueue(met, [], now))).toBe(0);
  });

  it('reports due today, reviews per day and retention per lesson from the log', () => {
    const log = [
      { key: 'a/card/x', rating: 1 as const, reviewedAt: T0 - 40 * DAY },
      { key: 'a/card/x', rating: 1 as const, reviewedAt: T0 - DAY },
      { key: 'a/card/x', rating: 3 as const, reviewedAt: T0 - DAY + MIN },
      { key: 'a/quiz/x', rating: 2 as const, reviewedAt: T0 },
      { key: 'b/card/y', rating: 4 as const, reviewedAt: T0 },
    ];
    expect(reviewsPerDay(log, T0, 3).map((d) => d.reviews)).toEqual([0, 2, 2]);
    expect(retentionByLesson(log, T0)).toEqual([
      { lesson: 'a', reviews: 3, recalled: 2 },
      { lesson: 'b', reviews: 1, recalled: 1 },
    ]);
    const later = rate('a/card/x', undefined, 3, T0).card;
    expect(dueToday([later], [lesson('a', ['a/card/x'])], T0)).toBe(1);
  });
});

describe('review state in the store', () => {
  it('survives export and import: the imported schedule rates on exactly as the original', async () => {
    const mine = await openProgressStore('review-export-mine');
    await mine.saveReviewLesson('message-queues', [KEY], undefined, T0);
    const first = rate(KEY, undefined, 3, T0);
    await saveReview(mine, first.card, first.log);
    const second = rate(KEY, first.card, 3, T0 + 10 * MIN);
    await saveReview(mine, second.card, second.log);

    const other = await openProgressStore('review-export-other');
    const prepared = await prepareImport(other, (await exportProgress(mine)).json);
    if (!prepared.ok) throw new Error(prepared.message);
    await prepared.apply();
    expect(await other.reviewSchedule()).toEqual(await mine.reviewSchedule());
    expect(await reviewLog(other)).toEqual([first.log, second.log]);
    const [imported] = (await other.reviewSchedule()).cards;
    expect(rate(KEY, imported, 2, T0 + 5 * DAY)).toEqual(rate(KEY, second.card, 2, T0 + 5 * DAY));
    mine.close();
    other.close();
  });

  it('prunes items and lessons removed from the course; an item whose id stays keeps its schedule', async () => {
    const store = await openProgressStore('review-prune');
    await store.saveReviewLesson('a', ['a/card/kept', 'a/card/gone'], undefined, T0);
    await store.saveReviewLesson('gone-lesson', ['gone-lesson/quiz/q'], undefined, T0);
    for (const key of ['a/card/kept', 'a/card/gone', 'gone-lesson/quiz/q']) {
      const r = rate(key, undefined, 3, T0);
      await saveReview(store, r.card, r.log);
    }
    await pruneReview(store, new Map([['a', ['a/card/kept', 'a/quiz/new']]]));
    const { cards, lessons } = await store.reviewSchedule();
    expect(cards.map((c) => c.key)).toEqual(['a/card/kept']);
    expect(lessons).toEqual([{ lesson: 'a', inReview: true, items: ['a/card/kept', 'a/quiz/new'], addedAt: T0 }]);
    expect(await reviewLog(store)).toHaveLength(3);
    store.close();
  });

  it('the header counts what the review page shows for the same state: due items plus today’s remaining new ones', async () => {
    const store = await openProgressStore('review-header-count');
    const a = Array.from({ length: 14 }, (_, i) => `a/card/c${i}`);
    await store.saveReviewLesson('a', a, undefined, T0 - 3 * DAY);
    await store.saveReviewLesson('b', ['b/quiz/q'], false, T0 - 3 * DAY);
    // Two met days ago (due by now), three met today (count against today's cap, due later), one of a lesson taken out.
    for (const [key, at] of [...a.slice(0, 2).map((k) => [k, T0 - 2 * DAY] as const), ...a.slice(2, 5).map((k) => [k, T0 - MIN] as const), ['b/quiz/q', T0 - 2 * DAY] as const]) {
      const r = rate(key, undefined, 1, at);
      await saveReview(store, r.card, r.log);
    }
    const now = T0 + 30 * MIN;
    await pruneReview(store, new Map([['a', a], ['b', ['b/quiz/q']]]));
    // What the review page does on load: read the schedule and build its queue.
    const schedule = await store.reviewSchedule();
    const page = reviewQueue(schedule.cards, schedule.lessons, now);
    expect(page.due.map((c) => c.key).sort()).toEqual(a.slice(0, 5).sort());
    expect(page.fresh).toEqual(a.slice(5, 5 + NEW_ITEMS_PER_DAY - 3));
    expect(countDue(await store.reviewSchedule(), now)).toBe(page.due.length + page.fresh.length);
    store.close();
  });

  it('opening a lesson again refreshes its items but does not put back a lesson the learner took out', async () => {
    const store = await openProgressStore('review-lessons');
    await store.saveReviewLesson('a', ['a/card/one'], undefined, T0);
    await store.saveReviewLesson('a', ['a/card/one'], false, T0 + 1);
    await store.saveReviewLesson('a', ['a/card/one', 'a/card/two'], undefined, T0 + 2);
    expect((await store.reviewSchedule()).lessons).toEqual([{ lesson: 'a', inReview: false, items: ['a/card/one', 'a/card/two'], addedAt: T0 }]);
    store.close();
  });
});
