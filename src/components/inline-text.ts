/** Escapes HTML and turns `backticks` into <code>: the only markup quiz and flashcard text needs. */
export function inlineText(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return escaped.replace(/`([^`]+)`/g, '<code>$1</code>');
}
