/** How values appear to the learner in messages and in `expected`/`actual`. */
import { inspect } from 'node:util';

const MAX_SHOWN = 2000;
const MAX_INLINE = 120;

/** A value as code would write it (strings quoted, objects expanded), cut to a readable length. */
export function showValue(value: unknown): string {
  const text = inspect(value, { depth: 4, breakLength: 80, maxArrayLength: 50, maxStringLength: MAX_SHOWN });
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

/** `showValue` on one line, shorter, for use inside a sentence. */
export function showInline(value: unknown): string {
  const text = showValue(value).replace(/\s*\n\s*/g, ' ');
  return text.length > MAX_INLINE ? `${text.slice(0, MAX_INLINE)}…` : text;
}
