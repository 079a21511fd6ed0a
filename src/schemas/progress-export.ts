/**
 * The learner's state, record by record, and the export file that carries all of it (`archlab-progress-<date>.json`).
 * The progress store keeps exactly these records, so its types come from here (as types only: pages that just show
 * progress never load zod).
 *
 * The file names its format and version so that a foreign JSON file, or one written by a newer archlab, is
 * recognised and refused with a sentence saying so rather than a list of schema errors.
 */
import { z } from 'zod';
import { describeIssues } from './issues.ts';
import { slug } from './common.ts';
import { resultsSchema } from './results.ts';
import { exerciseId } from './common.ts';
import { fileMapSchema } from './files.ts';
import { reviewStateSchema, type ReviewState } from './review.ts';

export const PROGRESS_FORMAT = 'archlab-progress';
/** The version this site writes and the newest it reads. Bump it when the file's meaning changes. */
export const PROGRESS_FORMAT_VERSION = 2;

/** Milliseconds since the epoch. */
const timestamp = z.number().int().nonnegative();

/** The learner's versions of an exercise's editable files. */
export const savedEditsSchema = z.strictObject({
  exerciseId,
  /** Every editable path with its current contents. */
  files: fileMapSchema,
  /** `starterHash` (editable starter files) of the starter the learner started from. */
  starterHash: z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 hash as 64 lowercase hex digits'),
  savedAt: timestamp,
});

/** The latest grading of an exercise. */
export const savedResultsSchema = z.strictObject({
  exerciseId,
  results: resultsSchema,
  checkedAt: timestamp,
  /** True once any check run of this exercise passed every check; it stays true after later failures. */
  completed: z.boolean(),
});

/** The learner's latest answer to one quiz question. */
export const quizAnswerSchema = z.strictObject({
  lesson: slug,
  question: slug,
  /** One entry per choice, in the quiz's order: whether the learner ticked it. */
  chosen: z.array(z.boolean()).min(1),
  correct: z.boolean(),
  answeredAt: timestamp,
});

const title = z.string().trim().min(1).max(300);

/** The last lesson or exercise page the learner opened: "Continue where you left off". */
export const lastPositionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('lesson'), id: slug, title, visitedAt: timestamp }),
  z.strictObject({ kind: z.literal('exercise'), id: exerciseId, title, visitedAt: timestamp }),
]);

export type SavedEdits = z.output<typeof savedEditsSchema>;
export type SavedResults = z.output<typeof savedResultsSchema>;
export type QuizAnswer = z.output<typeof quizAnswerSchema>;
export type LastPosition = z.output<typeof lastPositionSchema>;

/** Everything the store holds. */
export interface ProgressSnapshot {
  edits: SavedEdits[];
  results: SavedResults[];
  quizAnswers: QuizAnswer[];
  lastPosition: LastPosition | null;
  /** The review schedule, its history and the lessons under review. */
  review: ReviewState;
}

function noDuplicates<T>(items: readonly T[], key: (item: T) => string, what: string, path: PropertyKey[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [...path, i], message: `${what} ${k} appears more than once` });
    seen.add(k);
  });
}

const exportFields = {
  format: z.literal(PROGRESS_FORMAT),
  exportedAt: z.iso.datetime({ message: 'expected an ISO date and time, like "2026-03-07T12:00:00.000Z"' }),
  edits: z.array(savedEditsSchema),
  results: z.array(savedResultsSchema),
  quizAnswers: z.array(quizAnswerSchema),
  lastPosition: lastPositionSchema.nullable(),
};

/** Version 1 had no review state; it still imports, with an empty schedule. */
export const progressExportSchema = z
  .discriminatedUnion('version', [
    z.strictObject({ version: z.literal(1), ...exportFields }),
    z.strictObject({ version: z.literal(PROGRESS_FORMAT_VERSION), ...exportFields, review: reviewStateSchema }),
  ])
  .superRefine((file, ctx) => {
    noDuplicates(file.edits, (e) => e.exerciseId, 'exercise', ['edits'], ctx);
    noDuplicates(file.results, (r) => r.exerciseId, 'exercise', ['results'], ctx);
    noDuplicates(file.quizAnswers, (a) => `${a.lesson}/${a.question}`, 'question', ['quizAnswers'], ctx);
    if (file.version === 1) return;
    noDuplicates(file.review.cards, (c) => c.key, 'review item', ['review', 'cards'], ctx);
    noDuplicates(file.review.lessons, (l) => l.lesson, 'review lesson', ['review', 'lessons'], ctx);
  });

export type ProgressExport = z.output<typeof progressExportSchema>;

export function toExportFile(snapshot: ProgressSnapshot, now = new Date()): ProgressExport {
  return { format: PROGRESS_FORMAT, version: PROGRESS_FORMAT_VERSION, exportedAt: now.toISOString(), ...snapshot };
}

/** `archlab-progress-YYYY-MM-DD.json`, in the learner's local date. */
export function exportFileName(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `archlab-progress-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.json`;
}

export type ParsedExport = { ok: true; snapshot: ProgressSnapshot; exportedAt: string } | { ok: false; message: string };

const MAX_LISTED_PROBLEMS = 5;

/** Reads an export file's text: the learner's state, or one message saying plainly why the file is refused. */
export function parseProgressExport(text: string): ParsedExport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `This file is not JSON, so it is not an archlab progress file (${(error as Error).message}).` };
  }
  const head = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  if (head.format !== PROGRESS_FORMAT) {
    const found = 'format' in head ? `its "format" is ${JSON.stringify(head.format)}` : 'it has no "format" field';
    return { ok: false, message: `This is not an archlab progress file: ${found} where "${PROGRESS_FORMAT}" was expected.` };
  }
  if (typeof head.version === 'number' && Number.isInteger(head.version) && head.version > PROGRESS_FORMAT_VERSION) {
    return {
      ok: false,
      message: `This file was exported by a newer archlab (progress format version ${head.version}); this site reads version ${PROGRESS_FORMAT_VERSION}. Open it on the site that exported it, or update this one.`,
    };
  }
  const parsed = progressExportSchema.safeParse(json);
  if (!parsed.success) {
    const problems = describeIssues(parsed.error, { schema: progressExportSchema, limit: MAX_LISTED_PROBLEMS });
    return { ok: false, message: `This archlab progress file is damaged: ${problems}.` };
  }
  const file = parsed.data;
  const { edits, results, quizAnswers, lastPosition, exportedAt } = file;
  const review = file.version === 1 ? { cards: [], log: [], lessons: [] } : file.review;
  return { ok: true, snapshot: { edits, results, quizAnswers, lastPosition, review }, exportedAt };
}
