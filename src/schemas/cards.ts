import { z } from 'zod';
import { nonEmpty, slug } from './common.ts';

/** `lessons/<slug>.cards.yaml`: flashcards, a question on the front and the answer on the back. */
export const cardsSchema = z.strictObject({
  cards: z
    .array(
      z.strictObject({
        id: slug,
        front: nonEmpty,
        back: nonEmpty,
      }),
    )
    .min(1),
});

export type Cards = z.output<typeof cardsSchema>;
export type Card = Cards['cards'][number];
