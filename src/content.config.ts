import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { SANDBOXES } from './course/layout.ts';
import { cardsSchema } from './schemas/cards.ts';
import { exerciseSchema } from './schemas/exercise.ts';
import { lessonSchema } from './schemas/lesson.ts';
import { quizSchema } from './schemas/quiz.ts';

const stripSuffix = (suffix: string) => ({ entry }: { entry: string }) => entry.slice(0, -suffix.length);

/** `lessons/<slug>.mdx`; the id is the slug. */
const lessons = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './lessons', generateId: stripSuffix('.mdx') }),
  schema: lessonSchema,
});

const quizzes = defineCollection({
  loader: glob({ pattern: '*.quiz.yaml', base: './lessons', generateId: stripSuffix('.quiz.yaml') }),
  schema: quizSchema,
});

const cards = defineCollection({
  loader: glob({ pattern: '*.cards.yaml', base: './lessons', generateId: stripSuffix('.cards.yaml') }),
  schema: cardsSchema,
});

/** `lessons/<slug>.summary.md`: the interview summary, Markdown only (check:content validates it). */
const summaries = defineCollection({
  loader: glob({ pattern: '*.summary.md', base: './lessons', generateId: stripSuffix('.summary.md') }),
});

/** `sandboxes/<slug>/<exercise>/exercise.json`; the id is `<slug>/<exercise>`. */
const exercises = defineCollection({
  loader: glob({ pattern: '*/*/exercise.json', base: `./${SANDBOXES}`, generateId: stripSuffix('/exercise.json') }),
  schema: exerciseSchema,
});

/** The prose of each exercise, rendered as Markdown; the id is `<slug>/<exercise>`. */
const instructions = defineCollection({
  loader: glob({ pattern: '*/*/instructions.md', base: `./${SANDBOXES}`, generateId: stripSuffix('/instructions.md') }),
});

export const collections = { lessons, quizzes, cards, summaries, exercises, instructions };
