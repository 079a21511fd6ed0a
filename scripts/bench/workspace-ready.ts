/** The exercise page's workspace counts as ready once it shows a Monaco editor and an xterm terminal. */
import type { Page } from '@playwright/test';

/** Generous: Monaco is megabytes of JavaScript to parse on a busy two-core machine. */
export const WORKSPACE_TIMEOUT_MS = 60_000;

/** Resolves with null when ready, or with the reason it is not (for a "not measured" line). */
export async function waitForWorkspace(page: Page, timeoutMs = WORKSPACE_TIMEOUT_MS): Promise<string | null> {
  const workspace = page.getByRole('region', { name: 'Workspace' });
  try {
    await workspace.waitFor({ timeout: timeoutMs });
  } catch {
    return 'the exercise page has no region named "Workspace"';
  }
  const started = performance.now();
  const remaining = () => Math.max(1, timeoutMs - (performance.now() - started));
  for (const [what, selector] of [
    ['Monaco editor', '.monaco-editor'],
    ['xterm terminal', '.xterm'],
  ] as const) {
    try {
      await workspace.locator(selector).first().waitFor({ state: 'attached', timeout: remaining() });
    } catch {
      return `the workspace showed no ${what} (${selector}) within ${timeoutMs / 1000} s`;
    }
  }
  return null;
}
