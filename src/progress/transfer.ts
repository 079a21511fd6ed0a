/**
 * Moving progress between browsers: export writes everything in the store as one file; import validates a file,
 * works out what it would replace (how many records of each kind are here and in the file, which exercises' edits
 * would change) for the learner to confirm, and only then replaces everything in one transaction.
 */
import { exportFileName, parseProgressExport, toExportFile } from '../schemas/progress-export.ts';
import type { ProgressSnapshot, ProgressStore, SavedEdits } from './store.ts';
import { readSnapshot, replaceAll } from './whole-store.ts';

export interface ExportedFile {
  name: string;
  json: string;
  snapshot: ProgressSnapshot;
}

export async function exportProgress(store: ProgressStore, now = new Date()): Promise<ExportedFile> {
  const snapshot = await readSnapshot(store);
  return { name: exportFileName(now), json: JSON.stringify(toExportFile(snapshot, now), null, 2), snapshot };
}

export interface KindCount {
  label: string;
  here: number;
  inFile: number;
}

export interface ImportPlan {
  counts: KindCount[];
  /** Exercise ids, sorted. */
  edits: { changed: string[]; added: string[]; removed: string[] };
}

function sameFiles(a: SavedEdits, b: SavedEdits): boolean {
  const paths = Object.keys(a.files);
  return paths.length === Object.keys(b.files).length && paths.every((p) => b.files[p] === a.files[p]);
}

export function planImport(here: ProgressSnapshot, incoming: ProgressSnapshot): ImportPlan {
  const count = (label: string, of: (s: ProgressSnapshot) => number): KindCount => ({ label, here: of(here), inFile: of(incoming) });
  const ours = new Map(here.edits.map((e) => [e.exerciseId, e]));
  const theirs = new Map(incoming.edits.map((e) => [e.exerciseId, e]));
  const sorted = (ids: Iterable<string>) => [...ids].sort();
  return {
    counts: [
      count('Exercises with saved edits', (s) => s.edits.length),
      count('Exercises with check results', (s) => s.results.length),
      count('Completed exercises', (s) => s.results.filter((r) => r.completed).length),
      count('Quiz answers', (s) => s.quizAnswers.length),
      count('Last position', (s) => (s.lastPosition ? 1 : 0)),
      count('Scheduled review items', (s) => s.review.cards.length),
      count('Reviews logged', (s) => s.review.log.length),
    ],
    edits: {
      changed: sorted([...theirs.keys()].filter((id) => ours.has(id) && !sameFiles(ours.get(id)!, theirs.get(id)!))),
      added: sorted([...theirs.keys()].filter((id) => !ours.has(id))),
      removed: sorted([...ours.keys()].filter((id) => !theirs.has(id))),
    },
  };
}

export type PreparedImport =
  | { ok: false; message: string }
  | { ok: true; plan: ImportPlan; exportedAt: string; snapshot: ProgressSnapshot; apply(): Promise<void> };

/** Reads a file's text against the store; nothing changes until `apply` is called, and a refused file has none. */
export async function prepareImport(store: ProgressStore, text: string): Promise<PreparedImport> {
  const parsed = parseProgressExport(text);
  if (!parsed.ok) return parsed;
  const { snapshot, exportedAt } = parsed;
  return { ok: true, plan: planImport(await readSnapshot(store), snapshot), exportedAt, snapshot, apply: () => replaceAll(store, snapshot) };
}
