/**
 * One exercise as the learner works on it, without any page: the learner's files (the starter with their saved
 * edits over its editable paths), which of them changed since the last save, autosave (each save hands the changed
 * files to the sandbox and the store), Reset and Show solution, and Check (grade, save the results, tell whether this
 * was the first completion). The workspace's views call it and show what it reports.
 */
import { createAutosave, type SaveState } from '../progress/autosave.ts';
import type { ProgressStore, SavedResults } from '../progress/store.ts';
import type { OnCheckProgress } from '../schemas/check-progress.ts';
import type { FileMap } from '../schemas/files.ts';
import type { ExerciseFilesPayload } from '../schemas/payloads.ts';
import { runError, type Results } from '../schemas/results.ts';
import type { SandboxRuntime } from '../runtime/types.ts';

/** What the session needs of the progress store. */
export type SessionStore = Pick<ProgressStore, 'loadEdits' | 'saveEdits' | 'loadResults' | 'saveResults'>;

export interface SessionOptions {
  exerciseId: string;
  /** exercise.json's `editable`: the only paths the learner's edits replace. */
  editable: readonly string[];
  payload: ExerciseFilesPayload;
  store: SessionStore;
  /** Each change of the autosave state (unsaved, saving, saved, failed). */
  onSaveState?(state: SaveState): void;
  /** A sentence the learner should read about something that went wrong beside what they asked. */
  onProblem?(message: string): void;
  autosaveDelayMs?: number;
}

export interface CheckOutcome {
  results: Results;
  /** Whether the exercise counts as completed (as stored; from these results alone when they could not be stored). */
  completed: boolean;
  /** True only for the check run that completed the exercise for the first time. */
  firstCompletion: boolean;
}

function pick(files: FileMap, paths: readonly string[]): FileMap {
  return Object.fromEntries(paths.filter((p) => p in files).map((p) => [p, files[p]!]));
}

export class ExerciseSession {
  readonly #options: SessionOptions;
  readonly #saved: FileMap;
  readonly #files: FileMap;
  readonly #changed = new Set<string>();
  /** Paths on their way to the sandbox: until they land, what it holds there is older than the learner's. */
  readonly #sending = new Set<string>();
  readonly #autosave;
  #runtime: SandboxRuntime | undefined;
  /** True when the learner has saved edits of this exercise in this browser. */
  readonly hasSavedEdits: boolean;
  /** True when the saved edits were made over a starter that has changed since (the learner may load the new one). */
  readonly starterChanged: boolean;
  /** The results of the last Check of an earlier visit. */
  readonly savedResults: SavedResults | undefined;

  private constructor(options: SessionOptions, saved: { files: FileMap; starterHash: string } | undefined, savedResults: SavedResults | undefined) {
    this.#options = options;
    this.#saved = saved?.files ?? {};
    this.#files = { ...options.payload.starter, ...pick(this.#saved, options.editable) };
    this.hasSavedEdits = saved !== undefined;
    this.starterChanged = saved !== undefined && saved.starterHash !== options.payload.starterHash;
    this.savedResults = savedResults;
    this.#autosave = createAutosave(() => this.#save(), (state) => options.onSaveState?.(state), { delayMs: options.autosaveDelayMs });
  }

  static async open(options: SessionOptions): Promise<ExerciseSession> {
    const [saved, savedResults] = await Promise.all([options.store.loadEdits(options.exerciseId), options.store.loadResults(options.exerciseId)]);
    return new ExerciseSession(options, saved, savedResults);
  }

  /** Every file of the exercise as the learner has it now. */
  get files(): FileMap {
    return { ...this.#files };
  }

  /** The editable files as the learner has them now. */
  get editableFiles(): FileMap {
    return pick(this.#files, this.#options.editable);
  }

  /** The learner changed `path`; it is saved (and handed to the sandbox) soon. Non-editable paths are ignored. */
  edit(path: string, contents: string): void {
    if (!this.#options.editable.includes(path)) return;
    this.#files[path] = contents;
    this.#changed.add(path);
    this.#autosave.changed();
  }

  /**
   * The sandbox holds `contents` at `path` (the terminal wrote it): an editable path takes it as the learner's edit,
   * saved like one, unless the learner has an edit of it not yet handed to the sandbox (theirs is newer). Returns
   * whether the learner's file changed, for the editor to show.
   */
  adopt(path: string, contents: string): boolean {
    if (!this.#options.editable.includes(path) || this.#changed.has(path) || this.#sending.has(path) || this.#files[path] === contents) return false;
    this.edit(path, contents);
    return true;
  }

  /** Puts the starter's editable files back; returns them for the editor to show. */
  reset(): FileMap {
    return this.#replace(pick(this.#options.payload.starter, this.#options.editable));
  }

  /** Replaces the learner's editable files with the solution's; returns them for the editor to show. */
  showSolution(): FileMap {
    return this.#replace(this.#options.payload.solution);
  }

  #replace(files: FileMap): FileMap {
    for (const [path, contents] of Object.entries(files)) {
      this.#files[path] = contents;
      this.#changed.add(path);
    }
    this.#autosave.changed();
    return { ...files };
  }

  /** The sandbox the session's edits go to from now on; it gets the learner's editable files at once. */
  async attach(runtime: SandboxRuntime): Promise<void> {
    this.#runtime = runtime;
    await runtime.mount(this.editableFiles);
  }

  /** Saves what is pending now (before Run, Check, or leaving the page). */
  flush(): Promise<void> {
    return this.#autosave.flush();
  }

  async #save(): Promise<void> {
    const files = this.editableFiles;
    const paths = [...this.#changed];
    this.#changed.clear();
    // The sandbox gets the edit even when the browser cannot store it (quota, a newer tab upgraded the database).
    if (this.#runtime && paths.length) {
      for (const path of paths) this.#sending.add(path);
      await this.#runtime
        .mount(pick(files, paths))
        .catch((e: Error) => this.#options.onProblem?.(`The sandbox did not get your latest edit: ${e.message}`))
        .finally(() => paths.forEach((path) => this.#sending.delete(path)));
    }
    try {
      // Saved files that are no longer editable (an author renamed one) are kept, never silently dropped.
      const { exerciseId, payload, store } = this.#options;
      await store.saveEdits({ exerciseId, files: { ...this.#saved, ...files }, starterHash: payload.starterHash, savedAt: Date.now() });
    } catch (error) {
      for (const path of paths) this.#changed.add(path);
      throw error;
    }
  }

  /** Saves pending edits, grades them in the attached sandbox (reporting progress) and stores the results. Never rejects. */
  async check(onProgress?: OnCheckProgress): Promise<CheckOutcome> {
    await this.flush();
    let results: Results;
    try {
      if (!this.#runtime) throw new Error('no sandbox is running');
      results = await this.#runtime.check(onProgress);
    } catch (error) {
      results = runError((error as Error).message);
    }
    // The verdict is shown even when the browser cannot store it.
    try {
      const { exerciseId, store } = this.#options;
      const before = (await store.loadResults(exerciseId))?.completed ?? false;
      const stored = await store.saveResults(exerciseId, results);
      return { results, completed: stored.completed, firstCompletion: stored.completed && !before };
    } catch (error) {
      this.#options.onProblem?.(`This result could not be saved in this browser: ${(error as Error).message}`);
      return { results, completed: results.status === 'pass', firstCompletion: false };
    }
  }

  dispose(): void {
    this.#autosave.dispose();
  }
}
