import { z } from 'zod';

// The site's Content-Security-Policy forbids eval. Zod's JIT would still try `new Function` once, and browsers
// report that attempt as a violation even though zod catches it; every schema module imports this one.
z.config({ jitless: true });

/** Lowercase words joined by single hyphens: lesson slugs, exercise folders, task and check ids. */
export const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected lowercase words joined by hyphens, like "message-queues"');

export const nonEmpty = z.string().trim().min(1, 'expected non-empty text');

/** `<slug>/<exercise>`: the exercise's folder under `sandboxes/`. */
export const exerciseId = z
  .string()
  .max(200)
  .refine((s) => {
    const parts = s.split('/');
    return parts.length === 2 && parts.every((p) => slug.safeParse(p).success);
  }, 'expected an exercise id "<lesson-slug>/<exercise>", like "dev-vs-production/graceful-shutdown"');
