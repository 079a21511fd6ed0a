/**
 * The one store of learner state, in IndexedDB. Each kind of state has its own object store keyed by exercise id
 * (or whatever fits it); a later kind is added as a new step in `migrations`, never by changing an old one, so a
 * learner's existing database upgrades in place.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Results } from '../schemas/results.ts';
import type { LastPosition, ProgressSnapshot, QuizAnswer, SavedEdits, SavedResults } from '../schemas/progress-export.ts';
import type { ReviewCard, ReviewLesson, ReviewLogEntry, ReviewState } from '../schemas/review.ts';

export type { LastPosition, ProgressSnapshot, QuizAnswer, ReviewCard, ReviewLesson, ReviewLogEntry, ReviewState, SavedEdits, SavedResults };

export const DATABASE_NAME = 'archlab';

/** The key of the one record in the `position` store. */
export const LAST_POSITION = 'last';

export interface ProgressSchema extends DBSchema {
  edits: { key: string; value: SavedEdits };
  results: { key: string; value: SavedResults };
  quizAnswers: { key: [string, string]; value: QuizAnswer; indexes: { lesson: string } };
  position: { key: typeof LAST_POSITION; value: LastPosition };
  reviewCards: { key: string; value: ReviewCard };
  reviewLog: { key: number; value: ReviewLogEntry };
  reviewLessons: { key: string; value: ReviewLesson };
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
  (db) => {
    db.createObjectStore('reviewCards', { keyPath: 'key' });
    db.createObjectStore('reviewLog', { autoIncrement: true });
    db.createObjectStore('reviewLessons', { keyPath: 'lesson' });
  },
];

/** The newest database version, the one `openProgressStore` upgrades to. */
export const DATABASE_VERSION = migrations.length;

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
  /** The review schedule and the lessons under review, read together (without the history: every page's header reads this). */
  reviewSchedule(): Promise<Pick<ReviewState, 'cards' | 'lessons'>>;
  /**
   * Keeps a lesson's item keys for review and whether the learner reviews it: `inReview` undefined (a lesson page was
   * opened) keeps the learner's choice, and puts a lesson seen for the first time in.
   */
  saveReviewLesson(lesson: string, items: string[], inReview?: boolean, at?: number): Promise<void>;
  /**
   * The open database, for what only the review and progress pages do (src/progress/review-writes.ts,
   * src/progress/whole-store.ts): kept out of this module, which every page loads. Throws once another tab's newer
   * release took the database over.
   */
  database(): IDBPDatabase<ProgressSchema>;
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
      await db().put('position', position, LAST_POSITION);
    },
    loadPosition: async () => db().get('position', LAST_POSITION),
    editedExercises: async () => db().getAllKeys('edits'),
    allResults: async () => db().getAll('results'),
    allQuizAnswers: async () => db().getAll('quizAnswers'),
    async reviewSchedule() {
      const tx = db().transaction(['reviewCards', 'reviewLessons'], 'readonly');
      const [cards, lessons] = await Promise.all([tx.objectStore('reviewCards').getAll(), tx.objectStore('reviewLessons').getAll(), tx.done]);
      return { cards, lessons };
    },
    async saveReviewLesson(lesson, items, inReview, at = Date.now()) {
      const tx = db().transaction('reviewLessons', 'readwrite');
      const before = await tx.store.get(lesson);
      await Promise.all([tx.store.put({ lesson, inReview: inReview ?? before?.inReview ?? true, items, addedAt: before?.addedAt ?? at }), tx.done]);
    },
    database: db,
    close: () => opened.close(),
  };
}

/** Every check ran and passed (a results object with no checks is not a pass). */
export function isAllPass(results: Results): boolean {
  return results.status === 'pass' && results.tests.length > 0 && results.tests.every((t) => t.status === 'pass');
}
