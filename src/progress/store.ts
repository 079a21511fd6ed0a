/**
 * The one store of learner state, in IndexedDB. Each kind of state has its own object store keyed by exercise id
 * (or whatever fits it); a later kind is added as a new step in `migrations`, never by changing an old one, so a
 * learner's existing database upgrades in place.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Results } from '../schemas/results.ts';
import type { LastPosition, ProgressSnapshot, QuizAnswer, SavedEdits, SavedResults } from '../schemas/progress-export.ts';

export type { LastPosition, ProgressSnapshot, QuizAnswer, SavedEdits, SavedResults };

export const DATABASE_NAME = 'archlab';

/** The key of the one record in the `position` store. */
const LAST = 'last';

interface ProgressSchema extends DBSchema {
  edits: { key: string; value: SavedEdits };
  results: { key: string; value: SavedResults };
  quizAnswers: { key: [string, string]; value: QuizAnswer; indexes: { lesson: string } };
  position: { key: typeof LAST; value: LastPosition };
}

type Migration = (db: IDBPDatabase<ProgressSchema>) => void;

/** Step n upgrades a database from version n to n + 1. Append only. */
const migrations: Migration[] = [
  (db) => {
    db.createObjectStore('edits', { keyPath: 'exerciseId' });
    db.createObjectStore('results', { keyPath: 'exerciseId' });
  },
  (db) => {
    db.createObjectStore('quizAnswers', { keyPath: ['lesson', 'question'] }).createIndex('lesson', 'lesson');
  },
  (db) => {
    db.createObjectStore('position');
  },
];

/** The newest database version, the one `openProgressStore` upgrades to. */
export const DATABASE_VERSION = migrations.length;

const STORES = ['edits', 'results', 'quizAnswers', 'position'] as const;

export interface ProgressStore {
  loadEdits(exerciseId: string): Promise<SavedEdits | undefined>;
  saveEdits(edits: SavedEdits): Promise<void>;
  loadResults(exerciseId: string): Promise<SavedResults | undefined>;
  /** Keeps `results` as the latest and returns what was stored, with `completed` carried over from before. */
  saveResults(exerciseId: string, results: Results, checkedAt?: number): Promise<SavedResults>;
  /** Replaces the learner's earlier answer to the same question. */
  saveQuizAnswer(answer: QuizAnswer): Promise<void>;
  loadQuizAnswers(lesson: string): Promise<QuizAnswer[]>;
  savePosition(position: LastPosition): Promise<void>;
  loadPosition(): Promise<LastPosition | undefined>;
  /** Ids of exercises with saved edits (keys only: overview pages need no file contents). */
  editedExercises(): Promise<string[]>;
  /** Every saved check result, for overview pages. */
  allResults(): Promise<SavedResults[]>;
  allQuizAnswers(): Promise<QuizAnswer[]>;
  /** Everything, read in one transaction so the parts agree. */
  snapshot(): Promise<ProgressSnapshot>;
  /** Replaces everything with `snapshot` in one transaction: on any failure nothing changes. */
  replaceAll(snapshot: ProgressSnapshot): Promise<void>;
  close(): void;
}

export async function openProgressStore(name = DATABASE_NAME): Promise<ProgressStore> {
  // A page still open from before an update would block the upgrade, and the new page would wait forever: the older
  // page lets go and says why on its next save instead.
  let closedBecause: string | undefined;
  const opened = await openDB<ProgressSchema>(name, DATABASE_VERSION, {
    upgrade(database, oldVersion) {
      for (const step of migrations.slice(oldVersion)) step(database);
    },
    blocking() {
      closedBecause = 'archlab was updated in another tab; reload this page to keep saving your progress';
      opened.close();
    },
  });
  const db = (): IDBPDatabase<ProgressSchema> => {
    if (closedBecause) throw new Error(closedBecause);
    return opened;
  };

  return {
    loadEdits: async (id) => db().get('edits', id),
    async saveEdits(edits) {
      await db().put('edits', edits);
    },
    loadResults: async (id) => db().get('results', id),
    async saveResults(exerciseId, results, checkedAt = Date.now()) {
      const tx = db().transaction('results', 'readwrite');
      const before = await tx.store.get(exerciseId);
      const saved: SavedResults = {
        exerciseId,
        results,
        checkedAt,
        completed: (before?.completed ?? false) || isAllPass(results),
      };
      await tx.store.put(saved);
      await tx.done;
      return saved;
    },
    async saveQuizAnswer(answer) {
      await db().put('quizAnswers', answer);
    },
    loadQuizAnswers: async (lesson) => db().getAllFromIndex('quizAnswers', 'lesson', lesson),
    async savePosition(position) {
      await db().put('position', position, LAST);
    },
    loadPosition: async () => db().get('position', LAST),
    editedExercises: async () => db().getAllKeys('edits'),
    allResults: async () => db().getAll('results'),
    allQuizAnswers: async () => db().getAll('quizAnswers'),
    async snapshot() {
      const tx = db().transaction(STORES, 'readonly');
      const [edits, results, quizAnswers, lastPosition] = await Promise.all([
        tx.objectStore('edits').getAll(),
        tx.objectStore('results').getAll(),
        tx.objectStore('quizAnswers').getAll(),
        tx.objectStore('position').get(LAST),
      ]);
      await tx.done;
      return { edits, results, quizAnswers, lastPosition: lastPosition ?? null };
    },
    async replaceAll(snapshot) {
      const tx = db().transaction(STORES, 'readwrite');
      const writes: Promise<unknown>[] = [];
      try {
        // Every request is queued before the first await, as IndexedDB requires within one transaction.
        for (const store of STORES) writes.push(tx.objectStore(store).clear());
        for (const e of snapshot.edits) writes.push(tx.objectStore('edits').put(e));
        for (const r of snapshot.results) writes.push(tx.objectStore('results').put(r));
        for (const a of snapshot.quizAnswers) writes.push(tx.objectStore('quizAnswers').put(a));
        if (snapshot.lastPosition) writes.push(tx.objectStore('position').put(snapshot.lastPosition, LAST));
        await Promise.all([...writes, tx.done]);
      } catch (error) {
        // A write that throws at once (a bad key) leaves the transaction open: abort it so the clears are undone too.
        // The requests already queued then fail as aborted; that is the point, not news.
        for (const w of writes) w.catch(() => {});
        tx.done.catch(() => {});
        try {
          tx.abort();
        } catch {
          // Already aborted by the failed request.
        }
        throw error;
      }
    },
    close: () => opened.close(),
  };
}

/** Every check ran and passed (a results object with no checks is not a pass). */
export function isAllPass(results: Results): boolean {
  return results.status === 'pass' && results.tests.length > 0 && results.tests.every((t) => t.status === 'pass');
}
