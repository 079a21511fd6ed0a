import { z } from 'zod';
import { slug } from './common.ts';

/**
 * `sandboxes/<slug>/<exercise>/wrong/<name>/expect.json`: the check ids that must fail when the variant's files
 * are laid over the solution. Every other check must pass, so the list is exact.
 */
export const wrongVariantSchema = z.strictObject({
  fails: z
    .array(slug)
    .min(1, 'expected at least one check id: a wrong variant must fail something')
    .refine((ids) => new Set(ids).size === ids.length, 'expected each check id once'),
});

export type WrongVariant = z.output<typeof wrongVariantSchema>;
