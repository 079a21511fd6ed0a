/**
 * Saves after the learner pauses: each change restarts a short timer, and when it fires everything changed so far is
 * saved in one go. The state is reported so the page can show it (unsaved, saving, saved, failed).
 */
export type SaveState = { kind: 'unsaved' } | { kind: 'saving' } | { kind: 'saved'; at: number } | { kind: 'failed'; message: string };

/** Well inside the 500 ms promise, leaving time for the write itself. */
export const AUTOSAVE_DELAY_MS = 250;

export interface Autosave {
  /** Something changed; save it soon. */
  changed(): void;
  /** Save now if anything is pending, and wait for it (before Run, Check, or leaving). */
  flush(): Promise<void>;
  dispose(): void;
}

export function createAutosave(
  save: () => Promise<void>,
  onState: (state: SaveState) => void,
  { delayMs = AUTOSAVE_DELAY_MS, now = Date.now }: { delayMs?: number; now?: () => number } = {},
): Autosave {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dirty = false;
  let running: Promise<void> = Promise.resolve();

  const runSave = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    if (!dirty) return running;
    dirty = false;
    // Saves never overlap: a change during a save is saved after it.
    running = running.then(async () => {
      onState({ kind: 'saving' });
      try {
        await save();
        onState(dirty ? { kind: 'unsaved' } : { kind: 'saved', at: now() });
      } catch (error) {
        dirty = true;
        onState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      }
    });
    return running;
  };

  return {
    changed() {
      dirty = true;
      onState({ kind: 'unsaved' });
      clearTimeout(timer);
      timer = setTimeout(() => void runSave(), delayMs);
    },
    flush: runSave,
    dispose() {
      clearTimeout(timer);
    },
  };
}
