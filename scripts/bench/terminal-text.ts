/** Terminal output as a person reads it: escape sequences removed, whitespace as the DOM shows it. */

// CSI (colours, cursor moves), OSC (titles) ended by BEL or ST, charset selection, and other two-byte escapes.
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[@-Z\\-_]/g;

export function stripAnsi(text: string): string {
  return text.replace(ESCAPES, '');
}

/** Runs of whitespace (including the no-break spaces terminals render) as one space, trimmed. */
export function collapseWhitespace(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

/** Printable lines of raw terminal output: escapes and control characters gone, carriage returns as line breaks. */
function lines(raw: string): string[] {
  return stripAnsi(raw)
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '')
    .split(/\r\n|\r|\n/);
}

/** The shell prompt the output ends with (`work $`, `# `), or null when it does not end at a prompt. */
export function promptAtEnd(raw: string): string | null {
  const last = lines(raw).at(-1) ?? '';
  return /[$#%>] ?$/.test(last) && last.trim() !== '' ? collapseWhitespace(last) : null;
}

/** The first non-blank line of output, cut to `max` characters so it cannot wrap in the terminal. */
export function firstLine(raw: string, max = 30): string | null {
  const line = lines(raw).find((l) => l.trim() !== '');
  return line === undefined ? null : collapseWhitespace(line).slice(0, max).trim();
}
