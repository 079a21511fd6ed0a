/** Which budget a loaded resource counts against. */

export type ResourceKind = 'js' | 'css' | 'html' | 'other';

/** From Playwright's resource type, falling back to the content type for fetches and workers. */
export function resourceKind(resourceType: string, contentType: string | undefined): ResourceKind {
  const type = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (resourceType === 'document' || type === 'text/html') return 'html';
  if (resourceType === 'script' || /^(text|application)\/(x-)?(javascript|ecmascript)$/.test(type)) return 'js';
  if (resourceType === 'stylesheet' || type === 'text/css') return 'css';
  return 'other';
}
