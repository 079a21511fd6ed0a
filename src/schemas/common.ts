import { z } from 'zod';

/** Lowercase words joined by single hyphens: lesson slugs, exercise folders, task and check ids. */
export const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected lowercase words joined by hyphens, like "message-queues"');

export const nonEmpty = z.string().trim().min(1, 'expected non-empty text');
