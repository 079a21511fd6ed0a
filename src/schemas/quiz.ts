import { z } from 'zod';
import { nonEmpty, slug } from './common.ts';

export const quizQuestionSchema = z
  .strictObject({
    id: slug,
    prompt: nonEmpty,
    choices: z
      .array(
        z.strictObject({
          text: nonEmpty,
          correct: z.boolean().default(false),
          /** Why this choice is right or wrong; shown after answering. */
          why: nonEmpty.optional(),
        }),
      )
      .min(2),
    /** The general explanation shown after answering. */
    explanation: nonEmpty,
  })
  .refine((q) => q.choices.some((c) => c.correct), {
    message: 'expected at least one choice with "correct: true"',
    path: ['choices'],
  });

/** `lessons/<slug>.quiz.yaml`. One correct choice renders radio buttons; several render checkboxes. */
export const quizSchema = z.strictObject({
  questions: z.array(quizQuestionSchema).min(1),
});

export type Quiz = z.output<typeof quizSchema>;
export type QuizQuestion = z.output<typeof quizQuestionSchema>;
