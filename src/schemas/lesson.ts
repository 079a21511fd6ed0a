import { z } from 'zod';
import { nonEmpty, slug } from './common.ts';

export const difficulties = ['intro', 'core', 'advanced'] as const;

/** Frontmatter of `lessons/<slug>.mdx`. Unknown keys are errors: typos are the commonest authoring bug. */
export const lessonSchema = z.strictObject({
  title: nonEmpty,
  summary: nonEmpty,
  order: z.number().int().nonnegative(),
  section: nonEmpty,
  minutes: z.number().int().positive(),
  difficulty: z.enum(difficulties),
  objectives: z.array(nonEmpty).min(1),
  prerequisites: z.array(slug).default([]),
  sources: z
    .array(
      z.strictObject({
        title: nonEmpty,
        url: z.url({ protocol: /^https?$/, error: 'expected a full http:// or https:// URL' }),
      }),
    )
    .default([]),
  exercises: z.array(slug).default([]),
  draft: z.boolean().default(false),
});

export type Lesson = z.output<typeof lessonSchema>;
export type Difficulty = (typeof difficulties)[number];
