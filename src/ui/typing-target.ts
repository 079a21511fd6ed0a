/**
 * Whether a key press belongs to what the learner is typing into: a text field, the editor (Monaco) or the terminal
 * (xterm). Page-wide shortcuts (`/` for search, Space and 1–4 on the review page) stay out of those.
 */
const TYPING = [
  'input:not([type=button],[type=checkbox],[type=radio],[type=submit],[type=reset],[type=range],[type=color],[type=file],[type=image])',
  'textarea',
  'select',
  '[contenteditable]:not([contenteditable=false])',
  '.monaco-editor',
  '.xterm',
].join();

export function isTypingTarget(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest(TYPING) !== null;
}

/** A key press with Ctrl, Alt or Meta is someone else's shortcut. */
export function hasModifier(event: KeyboardEvent): boolean {
  return event.ctrlKey || event.altKey || event.metaKey;
}
