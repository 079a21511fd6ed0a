/**
 * The one store of learner state, in IndexedDB. Each kind of state has its own object store keyed by exercise id
 * (or whatever fits it); a later kind is added as a new step in `migrations`, never by changing an old one, so a
 * learner's existing database upgrades in place.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { FileMap } from '../runtime/types.ts';
import type { Results } from '../schemas/results.ts';

export const DATABASE_NAME = 'archlab';

/** The learner's versions of an exercise's editable files. */
export interface SavedEdits {
  exerciseId: string;
  /** Every editable path with its current contents. */
  files: FileMap;
  /** `filesHash` of the starter the learner started from. */
  starterHash: string;
  /** Milliseconds since the epoch. */
  savedAt: number;
}

/** The latest grading of an exercise. */
export interface SavedResults {
  exerciseId: string;
  results: Results;
  checkedAt: number;
  /** True once any check run of this exercise passed every check; it stays true after later failures. */
  completed: boolean;
}

interface ProgressSchema extends DBSchema {
  edits: { key: string; value: SavedEdits };
  results: { key: string; value: SavedResults };
}

type Migration = (db: IDBPDatabase<ProgressSchema>) => void;

/** Step n upgrades a database from version n to n + 1. Append only. */
const migrations: Migration[] = [
  (db) => {
    db.createObjectStore('edits', { keyPath: 'exerciseId' });
    db.createObjectStore('results', { keyPath: 'exerciseId' });
  },
];

export interface ProgressStore {
  loadEdits(exerciseId: string): Promise<SavedEdits | undefined>;
  saveEdits(edits: SavedEdits): Promise<void>;
  loadResults(exerciseId: string): Promise<SavedResults | undefined>;
  /** Keeps `results` as the latest and returns what was stored, with `completed` carried over from before. */
  saveResults(exerciseId: string, results: Results, checkedAt?: number): Promise<SavedResults>;
  close(): void;
}

export async function openProgressStore(name = DATABASE_NAME): Promise<ProgressStore> {
  const db = await openDB<ProgressSchema>(name, migrations.length, {
    upgrade(database, oldVersion) {
      for (const step of migrations.slice(oldVersion)) step(database);
    },
  });
  return {
    loadEdits: (id) => db.get('edits', id),
    async saveEdits(edits) {
      await db.put('edits', edits);
    },
    loadResults: (id) => db.get('results', id),
    async saveResults(exerciseId, results, checkedAt = Date.now()) {
      const tx = db.transaction('results', 'readwrite');
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
    close: () => db.close(),
  };
}

/** Every check ran and passed (a results object with no checks is not a pass). */
export function isAllPass(results: Results): boolean {
  return results.status === 'pass' && results.tests.length > 0 && results.tests.every((t) => t.status === 'pass');
}
