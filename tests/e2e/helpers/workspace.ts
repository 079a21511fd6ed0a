/** Driving an exercise page's workspace in Playwright: its regions, the Monaco editor, Check and the results. */
import { expect, type Locator, type Page } from '@playwright/test';

export const workspace = (page: Page): Locator => page.getByRole('region', { name: 'Workspace' });
export const shell = (page: Page): Locator => page.locator('[data-term="shell"] .xterm-rows');
export const program = (page: Page): Locator => page.locator('[data-term="run"] .xterm-rows');
export const editorLines = (page: Page): Locator => page.getByRole('region', { name: 'Editor' }).locator('.view-lines');
export const results = (page: Page): Locator => page.getByRole('region', { name: 'Results' });
export const resultsSummary = (page: Page): Locator => results(page).locator('[data-results-summary]');
export const completion = (page: Page): Locator => results(page).locator('[data-complete]');
export const taskStatus = (page: Page, taskId: string): Locator => page.locator(`[data-task-status="${taskId}"]`);
/** The body of the page the sandbox's program serves in the Preview. */
export const previewBody = (page: Page): Locator => page.getByRole('region', { name: 'Preview' }).frameLocator('iframe').locator('body');

/** The runner token the test server was started with (set in playwright.config.ts). */
export function runnerToken(): string {
  const token = process.env.ARCHLAB_TOKEN;
  if (!token) throw new Error('ARCHLAB_TOKEN is not set: run the e2e tests through playwright.config.ts');
  return token;
}

/** `path` with the runner token added: the server sets its cookie and redirects to `path` without it. */
export function withToken(path: string, token = runnerToken()): string {
  const url = new URL(path, 'http://localhost');
  url.searchParams.set('token', token);
  return url.pathname + url.search;
}

/** The exercise's page, reached through the token link, waited on until the runtime is connected and the buttons work. */
export async function openExercise(page: Page, exerciseId: string): Promise<void> {
  await page.goto(withToken(`/lessons/${exerciseId}/`));
  await expect(workspace(page)).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
}

/** Puts the cursor at the top of the file shown in the editor. */
export async function focusEditorTop(page: Page): Promise<void> {
  await editorLines(page).click();
  await page.keyboard.press('ControlOrMeta+Home');
}

/**
 * Opens `path` from the Files region, selects all and pastes `text` over it; waits for the save. A paste, not typing:
 * typed newlines go through the editor's on-enter rules (a ` * ` added inside a block comment, indentation), which
 * would garble a whole file.
 */
export async function replaceFile(page: Page, path: string, text: string): Promise<void> {
  await page.getByRole('region', { name: 'Files' }).locator(`[data-file="${path}"]`).click();
  await expect(page.locator(`[data-tab="${path}"]`)).toHaveAttribute('aria-selected', 'true');
  await focusEditorTop(page);
  await page.keyboard.press('ControlOrMeta+A');
  await page.evaluate((pasted) => {
    const clipboardData = new DataTransfer();
    clipboardData.setData('text/plain', pasted);
    document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
  }, text);
  await expect(page.locator('[data-save-state]')).toHaveAttribute('data-state', 'saved', { timeout: 5_000 });
}

/**
 * Presses Check and waits until the results of that run are shown. The click handler marks Results busy before it
 * yields, so a `false` seen afterwards belongs to this run, not to an earlier one.
 */
export async function check(page: Page, timeout = 90_000): Promise<void> {
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(results(page)).toHaveAttribute('aria-busy', 'false', { timeout });
}

/** Types a command line into the shell terminal (brought forward first: Run shows the Program tab). */
export async function typeInShell(page: Page, line: string): Promise<void> {
  await page.getByRole('tab', { name: 'Shell' }).click();
  await page.locator('[data-term="shell"]').click();
  await page.keyboard.type(`${line}\n`);
}
