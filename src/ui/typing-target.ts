/**
 * Whether a key press belongs to what the learner is typing into: a text field, the editor (Monaco) or the terminal
 * (xterm). Page-wide shortcuts (`/` for search, Space and 1–4 on the review page) stay out of those.
 */
const NOT_TEXT = new Set(['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image']);

export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target instanceof HTMLInputElement) return !NOT_TEXT.has(target.type);
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLElement && target.isContentEditable) return true;
  return target.closest('.monaco-editor, .xterm') !== null;
}

/** A key press with Ctrl, Alt or Meta is someone else's shortcut. */
export function hasModifier(event: KeyboardEvent): boolean {
  return event.ctrlKey || event.altKey || event.metaKey;
}
