/**
 * `/review/items.json`: every published lesson's flashcards and quiz questions, built at build time and fetched by the
 * review page (the course is never embedded in a page). Card and question text is HTML, already rendered with
 * `inlineText` as the lesson page renders it.
 */
import type { Card } from '../schemas/cards.ts';
import type { QuizQuestion } from '../schemas/quiz.ts';

export const REVIEW_ITEMS_URL = '/review/items.json';

export type ReviewItem =
  | { key: string; lesson: string; kind: 'card'; card: Card }
  | { key: string; lesson: string; kind: 'quiz'; question: QuizQuestion };

export interface ReviewLessonInfo {
  slug: string;
  title: string;
  section: string;
}

export interface ReviewItemsFile {
  /** In course order. */
  lessons: ReviewLessonInfo[];
  /** Lesson by lesson; within a lesson cards and questions alternate, each in its file's order. */
  items: ReviewItem[];
}

/** Lesson → its item keys, in order: what the store is fitted to (`pruneReview`). */
export function keysByLesson(file: ReviewItemsFile): Map<string, string[]> {
  const byLesson = new Map<string, string[]>(file.lessons.map((l) => [l.slug, []]));
  for (const item of file.items) byLesson.get(item.lesson)?.push(item.key);
  return byLesson;
}
