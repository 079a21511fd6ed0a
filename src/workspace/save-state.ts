/** The "Saved in this browser" line beside the editor. */
import type { SaveState } from '../progress/autosave.ts';

export function saveStateText(state: SaveState): string {
  switch (state.kind) {
    case 'unsaved':
      return 'Unsaved changes…';
    case 'saving':
      return 'Saving…';
    case 'saved':
      return 'Saved in this browser';
    case 'failed':
      return `Not saved: ${state.message}`;
  }
}

export function showSaveState(line: HTMLElement, state: SaveState): void {
  line.textContent = saveStateText(state);
  line.dataset.state = state.kind;
}

/** Before the first change: whether this browser already holds the learner's work. */
export function showInitialSaveState(line: HTMLElement, hasSavedEdits: boolean): void {
  line.textContent = hasSavedEdits ? 'Saved in this browser' : 'Edits save automatically in this browser';
}
