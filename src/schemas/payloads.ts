/**
 * What the site serves for the workspace beyond the page: each exercise's `files.json` and the check harness shared
 * by every exercise. Built by `src/pages/lessons/[slug]/[exercise]/files.json.ts` and `src/pages/grading/harness.json.ts`,
 * validated where the workspace fetches them (`fetchPayload`).
 */
import { z } from 'zod';
import { packageName, relativePath } from './exercise.ts';
import { fileMapSchema } from './files.ts';
import { describeIssues } from './issues.ts';

/** The editor's files of one exercise (`src/course/files-payload.ts` reads them). */
export const exerciseFilesPayloadSchema = z.strictObject({
  /** Every file of `starter/` and of the lesson's `_shared/` beside it (check helpers aside). */
  starter: fileMapSchema,
  /** The editable files as `solution/` has them (Show solution). */
  solution: fileMapSchema,
  /** `starterHash(starter, editable)`: saved edits remember it to notice a changed starter. */
  starterHash: z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 hash as 64 lowercase hex digits'),
});
export type ExerciseFilesPayload = z.output<typeof exerciseFilesPayloadSchema>;

/** What Check needs to grade inside WebContainer, where no pristine exercise is on disk. */
export const exerciseGradingPayloadSchema = z.strictObject({
  /**
   * `exercise.json` and every file of `checks/`, keyed by their path in the exercise folder (`checks/x.check.js`).
   * The starter is the payload's `starter`; the solution is left out because grading never reads it.
   */
  files: fileMapSchema,
  /** exercise.json's `timeouts.grade`, in seconds: the harness's own budget for all checks together. */
  gradeSeconds: z.number().positive(),
  /** Root-relative URL of the harness payload, shared by every exercise. */
  harnessUrl: z.string().min(1),
});
export type ExerciseGradingPayload = z.output<typeof exerciseGradingPayloadSchema>;

/** A package the exercise declares, and where its files are served (once for every exercise that uses it). */
export const packageRefSchema = z.strictObject({
  name: packageName,
  /** Root-relative URL of its package payload; the name carries a hash of the contents, so it is cached for good. */
  url: z.string().min(1),
});
export type PackageRef = z.output<typeof packageRefSchema>;

/** `/lessons/<slug>/<exercise>/files.json`: what the workspace needs of ONE exercise beyond what the page shows. */
export const filesPayloadSchema = exerciseFilesPayloadSchema.extend({
  grading: exerciseGradingPayloadSchema,
  /** Mounted into WebContainer's node_modules/ (the local runner lays them itself). */
  packages: z.array(packageRefSchema).default([]),
});
export type FilesPayload = z.output<typeof filesPayloadSchema>;

/** The check harness as `npm run vendor` bundled it (`grade.js`, `check-worker.js`, `package.json`). */
export const harnessPayloadSchema = z.strictObject({
  files: fileMapSchema.refine((files) => 'grade.js' in files && 'check-worker.js' in files, { message: 'grade.js or check-worker.js is missing' }),
});
export type HarnessPayload = z.output<typeof harnessPayloadSchema>;

/**
 * `/packages/<name>@<version>-<hash>.json`: one vendored package (src/course/package-payload.ts), every file as
 * base64 since WASM is binary; mounted at `node_modules/<name>/`.
 */
export const packagePayloadSchema = z.strictObject({
  name: packageName,
  version: z.string().min(1),
  files: z.record(relativePath, z.base64()),
});
export type PackagePayload = z.output<typeof packagePayloadSchema>;

/** Where package payloads are served, relative to the site's base (`src/pages/packages/[package].json.ts`). */
export const PACKAGES_PAYLOAD_PATH = 'packages';

export const FILES_PAYLOAD_NAME = 'files.json';

/** Where the harness payload is served, relative to the site's base (`src/pages/grading/harness.json.ts`). */
export const HARNESS_PAYLOAD_PATH = 'grading/harness.json';

/**
 * Fetches `url` and validates it against `schema`; rejects with a sentence naming the URL and what was wrong
 * (`what` says what the URL should have been, e.g. "the grading harness").
 */
export async function fetchPayload<S extends z.ZodType>(url: string, schema: S, what: string, fetchFn: typeof fetch = fetch): Promise<z.output<S>> {
  const response = await fetchFn(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const json: unknown = await response.json().catch(() => undefined);
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new Error(`${url} is not ${what}: ${json === undefined ? 'not JSON' : describeIssues(parsed.error, { schema })}`);
  return parsed.data;
}
