/**
 * FSRS through ts-fsrs: the one place that turns a rating into a new schedule. The store keeps our own record shape
 * (dates as timestamps), converted here both ways so the rest of the code never sees ts-fsrs's types.
 */
import { createEmptyCard, fsrs, State, type Card, type Grade } from 'ts-fsrs';
import type { ReviewCard, ReviewLogEntry, ReviewRating } from '../schemas/review.ts';

/** Without fuzz, the same history gives the same schedule: what the learner is shown on a button is what they get. */
const scheduler = fsrs({ enable_fuzz: false });

export const RATINGS: readonly ReviewRating[] = [1, 2, 3, 4];
export const RATING_NAMES: Record<ReviewRating, string> = { 1: 'Again', 2: 'Hard', 3: 'Good', 4: 'Easy' };

const STATES = ['new', 'learning', 'review', 'relearning'] as const satisfies Record<State, string>;

function toFsrs(card: ReviewCard | undefined, now: number): Card {
  if (!card) return createEmptyCard(new Date(now));
  return {
    due: new Date(card.due),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsedDays,
    scheduled_days: card.scheduledDays,
    learning_steps: card.learningSteps,
    reps: card.reps,
    lapses: card.lapses,
    state: STATES.indexOf(card.state) as State,
    last_review: new Date(card.lastReview),
  };
}

function fromFsrs(key: string, card: Card, now: number, introducedAt: number): ReviewCard {
  return {
    key,
    due: card.due.getTime(),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: STATES[card.state],
    lastReview: card.last_review?.getTime() ?? now,
    introducedAt,
  };
}

/** The item's schedule after rating it `rating` at `now` (`before` undefined for an item never reviewed), and the log entry. */
export function rate(key: string, before: ReviewCard | undefined, rating: ReviewRating, now: number): { card: ReviewCard; log: ReviewLogEntry } {
  const next = scheduler.next(toFsrs(before, now), new Date(now), rating as Grade);
  return { card: fromFsrs(key, next.card, now, before?.introducedAt ?? now), log: { key, rating, reviewedAt: now } };
}

/** For each rating, when the item would next be due: what the buttons show. */
export function preview(before: ReviewCard | undefined, now: number): Record<ReviewRating, number> {
  const record = scheduler.repeat(toFsrs(before, now), new Date(now));
  return Object.fromEntries(RATINGS.map((r) => [r, record[r].card.due.getTime()])) as Record<ReviewRating, number>;
}
