import { z } from 'zod';

/** One screen, so it reads at a glance before an interview and several gather on one sheet. */
export const SUMMARY_MAX_CHARS = 3000;

/**
 * `lessons/<slug>.summary.md`: the lesson's interview summary as plain Markdown (no frontmatter), rendered on the
 * lesson page under its own heading and usable alone.
 */
export const summarySchema = z
  .string()
  .refine((text) => text.trim().length > 0, { message: 'empty: write the few points to say in an interview' })
  .refine((text) => !/^---\r?\n/.test(text), { message: 'a summary has no frontmatter: start with the Markdown itself' })
  .refine((text) => text.length <= SUMMARY_MAX_CHARS, { message: `longer than one screen (${SUMMARY_MAX_CHARS} characters): keep the points that matter` });
