/**
 * Spaced review: what the learner's store keeps about it (and the progress file carries). An item is one flashcard or
 * one quiz question of a lesson, keyed `<lesson>/<card|quiz>/<id>`, so a card and a question may share an id and an
 * item whose text changes keeps its schedule while its id stays.
 */
import { z } from 'zod';
import { slug } from './common.ts';

export const REVIEW_KINDS = ['card', 'quiz'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

export const reviewKey = z
  .string()
  .max(300)
  .refine((s) => {
    const [lesson, kind, id, ...rest] = s.split('/');
    return rest.length === 0 && slug.safeParse(lesson).success && (REVIEW_KINDS as readonly string[]).includes(kind ?? '') && slug.safeParse(id).success;
  }, 'expected a review item key "<lesson>/<card|quiz>/<id>", like "message-queues/card/at-least-once"');

const timestamp = z.number().int().nonnegative();
const count = z.number().int().nonnegative();

/** The FSRS memory state of one item the learner has reviewed at least once (ts-fsrs's card, dates as timestamps). */
export const reviewCardSchema = z.strictObject({
  key: reviewKey,
  due: timestamp,
  stability: z.number().nonnegative(),
  difficulty: z.number().nonnegative(),
  elapsedDays: count,
  scheduledDays: count,
  learningSteps: count,
  reps: count,
  lapses: count,
  state: z.enum(['new', 'learning', 'review', 'relearning']),
  lastReview: timestamp,
  /** When the learner first reviewed it: counts against that day's cap of new items. */
  introducedAt: timestamp,
});

/** 1 Again, 2 Hard, 3 Good, 4 Easy: FSRS's grades. */
export const reviewRating = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

/** One review, kept for the progress page (reviews per day, retention). */
export const reviewLogSchema = z.strictObject({
  key: reviewKey,
  rating: reviewRating,
  reviewedAt: timestamp,
});

/** A lesson the learner reviews: added on first opening it or chosen on the review page. */
export const reviewLessonSchema = z.strictObject({
  lesson: slug,
  /** False once the learner takes it out of their review; opening it again does not put it back. */
  inReview: z.boolean(),
  /** Its item keys as last seen (the lesson page or the review page), so the header counts new items without fetching. */
  items: z.array(reviewKey),
  addedAt: timestamp,
});

export const reviewStateSchema = z.strictObject({
  cards: z.array(reviewCardSchema),
  log: z.array(reviewLogSchema),
  lessons: z.array(reviewLessonSchema),
});

export type ReviewCard = z.output<typeof reviewCardSchema>;
export type ReviewRating = z.output<typeof reviewRating>;
export type ReviewLogEntry = z.output<typeof reviewLogSchema>;
export type ReviewLesson = z.output<typeof reviewLessonSchema>;
export type ReviewState = z.output<typeof reviewStateSchema>;
