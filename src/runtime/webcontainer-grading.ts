/**
 * Grading inside WebContainer: the same vendored harness the CLI runs (`node grade.js <exercise> <learner>`), fed
 * from the site instead of a disk. Layout inside the container's working folder, the learner's files:
 *
 *   ./                                   the learner's files as the runtime holds them (graded as the learner folder)
 *   .archlab-grading/harness/            grade.js, check-worker.js, package.json  (from the harness payload)
 *   .archlab-grading/exercise/           exercise.json, starter/, checks/          (from files.json; no solution/)
 *
 * The learner folder is the working folder itself: the harness reads exactly the `editable` paths from it, so what
 * is graded is what the sandbox holds, edits made in the terminal included, as the local runner does.
 */
import { parseProgressLine, type OnCheckProgress } from '../schemas/check-progress.ts';
import type { FileMap } from '../schemas/files.ts';
import { describeIssues } from '../schemas/issues.ts';
import { fetchPayload, harnessPayloadSchema, type FilesPayload } from '../schemas/payloads.ts';
import { resultsSchema, runError, type Results } from '../schemas/results.ts';
import { NODE_MODULES } from './webcontainer-packages.ts';

/** The folder beside the learner's files that holds what grading needs; removed and mounted afresh on each Check. */
export const GRADING_DIR = '.archlab-grading';

/**
 * `node grade.js --progress --packages node_modules <exercise folder> <learner folder>`, relative to the container's
 * working folder: the declared packages come from where they are mounted (webcontainer-packages.ts).
 */
export const GRADE_COMMAND = {
  command: 'node',
  args: [`${GRADING_DIR}/harness/grade.js`, '--progress', '--packages', NODE_MODULES, `${GRADING_DIR}/exercise`, '.'],
} as const;

/** Time allowed beyond the harness's own budget: starting Node, copying the files, ending every process. */
export const GRADE_MARGIN_MS = 10_000;

export interface WebContainerGrading {
  /** The pristine exercise: exercise.json, starter/…, checks/…. */
  exercise: FileMap;
  /** How long a whole Check may take before the grader is stopped. */
  timeoutMs: number;
  /** The harness files; the first call downloads them, later calls reuse them. */
  harness(): Promise<FileMap>;
}

/** Everything mounted under GRADING_DIR. */
export function gradingFiles(harness: FileMap, exercise: FileMap): FileMap {
  const files: FileMap = {};
  for (const [path, contents] of Object.entries(harness)) files[`harness/${path}`] = contents;
  for (const [path, contents] of Object.entries(exercise)) files[`exercise/${path}`] = contents;
  return files;
}

/** Reads `harnessUrl` once per page load; a failed download is retried by the next Check. */
function harnessLoader(url: string, fetchFn: typeof fetch): () => Promise<FileMap> {
  let loading: Promise<FileMap> | undefined;
  const load = async (): Promise<FileMap> => (await fetchPayload(url, harnessPayloadSchema, 'the grading harness', fetchFn)).files;
  return () => (loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  }));
}

/** What WebContainerRuntime needs to grade this exercise, from its files.json. */
export function gradingFromPayload(payload: FilesPayload, fetchFn: typeof fetch = fetch): WebContainerGrading {
  const exercise: FileMap = { ...payload.grading.files };
  for (const [path, contents] of Object.entries(payload.starter)) exercise[`starter/${path}`] = contents;
  return {
    exercise,
    timeoutMs: payload.grading.gradeSeconds * 1000 + GRADE_MARGIN_MS,
    harness: harnessLoader(payload.grading.harnessUrl, fetchFn),
  };
}

// Escape sequences a terminal-like output stream may carry around the JSON line.
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]/g;

/**
 * Hands each progress line of the grader's output to `onProgress` as soon as the line is complete. Holds only the
 * unfinished last line; progress lines are short, so a longer one is dropped rather than kept growing.
 */
export function progressReader(onProgress: OnCheckProgress): (chunk: string) => void {
  let pending = '';
  return (chunk) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop()!.slice(-PENDING_LIMIT);
    for (const line of lines) {
      const event = parseProgressLine(line.replace(ANSI, '').replace(/\r/g, ''));
      if (event) onProgress(event);
    }
  };
}
const PENDING_LIMIT = 64 * 1024;

/** The tail of the grader's output for a message: its last lines, at most 400 characters. */
function excerpt(text: string): string {
  const tail = text.trim().slice(-400);
  return tail ? `: ${tail}` : ' and printed nothing';
}

/**
 * The results from the grader's output: `grade.js` prints the results object as its last line and exits 0, or
 * prints why it could not grade and exits non-zero. Anything else becomes a run-level error saying what happened.
 */
export function parseGradeOutput(output: string, exitCode: number | null): Results {
  const text = output.replace(ANSI, '').replace(/\r/g, '');
  if (exitCode !== 0) {
    const how = exitCode === null ? 'was stopped' : `stopped with exit code ${exitCode}`;
    return runError(`The checks could not run: the grader ${how}${excerpt(text)}`);
  }
  const last = text.trim().split('\n').pop() ?? '';
  let json: unknown;
  try {
    json = JSON.parse(last);
  } catch {
    return runError(`The checks could not run: the grader did not print a results object${excerpt(text)}`);
  }
  const parsed = resultsSchema.safeParse(json);
  if (!parsed.success) {
    return runError(`The checks could not run: the grader's results are malformed (${describeIssues(parsed.error, { limit: 1 })})`);
  }
  return parsed.data;
}
