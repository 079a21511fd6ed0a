import type { z } from 'zod';
import { issueProblems } from '../schemas/issues.ts';

/** One thing wrong with the course content, named by file and field so an author can fix it without a stack trace. */
export interface ContentProblem {
  /** Path relative to the project root, e.g. `lessons/message-queues.mdx`. */
  file: string;
  /** Dotted path of the field, e.g. `order` or `sources[1].url`; absent for whole-file problems. */
  field?: string;
  /** What was expected (and what was found). */
  message: string;
}

export function formatProblem(p: ContentProblem): string {
  return p.field ? `${p.file}: ${p.field}: ${p.message}` : `${p.file}: ${p.message}`;
}

export function formatProblems(problems: readonly ContentProblem[]): string {
  const noun = problems.length === 1 ? 'problem' : 'problems';
  return [`Found ${problems.length} content ${noun}:`, ...problems.map((p) => `  ${formatProblem(p)}`)].join('\n');
}

/** A schema's complaints about `file`, one problem per field. */
export function schemaProblems(file: string, schema: z.ZodType, error: z.ZodError): ContentProblem[] {
  return issueProblems(error, schema).map(({ field, message }) => (field ? { file, field, message } : { file, message }));
}
