import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { editorLines, focusEditorTop, openExercise, program, results, shell, withToken, workspace } from './helpers/workspace.ts';

const exerciseId = 'dev-vs-production/graceful-shutdown';
const exerciseUrl = `/lessons/${exerciseId}/`;
const solution = readFileSync(new URL('../../sandboxes/dev-vs-production/graceful-shutdown/solution/server.js', import.meta.url), 'utf8');

test.describe.configure({ mode: 'serial' });

test('terminal, edit, Run with output and preview, reload keeps the edit, Reset asks and restores', async ({ page }) => {
  await openExercise(page, exerciseId);
  await expect(page.getByRole('region', { name: 'Files' })).toContainText('server.js');
  await expect(page.getByRole('region', { name: 'Files' })).toContainText('editable');

  // A real shell: a prompt, then a typed command's output.
  await expect(shell(page)).toContainText('graceful-shutdown', { timeout: 15_000 });
  await page.locator('[data-term="shell"]').click();
  await page.keyboard.type('echo sum=$((6*7))\n');
  await expect(shell(page)).toContainText('sum=42');

  // An edit in the editor, autosaved.
  await focusEditorTop(page);
  await page.keyboard.type('// my edit\n');
  await expect(page.locator('[data-save-state]')).toHaveText('Saved in this browser', { timeout: 2_000 });

  // Run: the server's output in the terminal and its page in the preview, in a sandboxed frame, with the headers
  // of the learner's program (no policy of the site's).
  const previewResponse = page.waitForResponse((r) => new URL(r.url()).hostname.endsWith('.localhost'));
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(program(page)).toContainText('listening on', { timeout: 15_000 });
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview.frameLocator('iframe').locator('body')).toContainText('hello', { timeout: 15_000 });
  await expect(preview.locator('iframe')).toHaveAttribute('sandbox', 'allow-scripts allow-forms allow-same-origin');
  expect((await previewResponse).headers()['content-security-policy']).toBeUndefined();
  await preview.getByRole('textbox', { name: 'Address' }).fill('/slow?ms=10');
  await preview.getByRole('textbox', { name: 'Address' }).press('Enter');
  await expect(preview.frameLocator('iframe').locator('body')).toContainText('done after 10 ms');

  // Reload: the edit is still there.
  await page.reload();
  await expect(workspace(page)).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(editorLines(page)).toContainText('// my edit');

  // Reset asks first; declining keeps the edit, accepting restores the starter.
  page.once('dialog', (dialog) => {
    expect(dialog.message()).toMatch(/Reset the exercise to its starter code/);
    void dialog.dismiss();
  });
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(editorLines(page)).toContainText('// my edit');
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(editorLines(page)).not.toContainText('// my edit');
  await expect(editorLines(page)).toContainText("import http from 'node:http';");
});

test('Check fails on the starter, passes after the fix, and the completed state survives a reload', async ({ page }) => {
  await openExercise(page, exerciseId);
  await expect(results(page)).toContainText('No checks yet');

  // Every change of the list while the Check runs: each check's state, and the summary line at that moment.
  await page.evaluate(() => {
    const list = document.querySelector('[data-results-list]')!;
    const summary = document.querySelector('[data-results-summary]')!;
    const seen: Array<{ states: string[]; summary: string }> = [];
    const verdictsInView: boolean[] = [];
    Object.assign(window, { listStates: seen, verdictsInView });
    new MutationObserver(() => {
      seen.push({ states: [...list.children].map((li) => (li as HTMLElement).dataset.state ?? ''), summary: summary.textContent ?? '' });
      const decided = [...list.children].find((li) => !['pending', 'running'].includes((li as HTMLElement).dataset.state ?? ''));
      if (decided && verdictsInView.length === 0) {
        const box = decided.getBoundingClientRect();
        // (Layout is in fractions of a pixel: an item scrolled to the bottom edge may end 0.4 px past it.)
        verdictsInView.push(box.top >= -1 && box.bottom <= innerHeight + 1);
      }
    }).observe(list, { childList: true });
  });
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(results(page).locator('[data-results-summary]')).toContainText(/^\d+ of \d+ checks pass/, { timeout: 45_000 });
  // The verdicts landed one by one: the list showed every check pending first, then a verdict while others still waited.
  const seen = await page.evaluate(() => (window as unknown as { listStates: Array<{ states: string[]; summary: string }> }).listStates);
  const waiting = (state: string) => state === 'pending' || state === 'running';
  expect(seen[0]?.states.every(waiting)).toBe(true);
  const partial = seen.find(({ states }) => states.some(waiting) && states.some((s) => !waiting(s)));
  expect(partial?.summary).toMatch(/^Checking your code… [1-9]\d* of \d+ checks done/);
  // The first verdict was in view the moment it landed, with no scrolling by the learner.
  expect(await page.evaluate(() => (window as unknown as { verdictsInView: boolean[] }).verdictsInView)).toEqual([true]);
  const failed = results(page).locator('.ws-result-fail, .ws-result-error');
  expect(await failed.count()).toBeGreaterThan(0);
  await expect(failed.first().locator('.ws-result-message')).toBeInViewport();
  await expect(failed.first().locator('.ws-result-status')).toHaveText(/Failed|Error/);
  await expect(failed.first().locator('.ws-result-message')).not.toBeEmpty();
  await expect(page.locator('[data-task-status="drain"]')).toHaveText('Failing');

  // Type the fix: the whole file replaced by the solution.
  await focusEditorTop(page);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(solution);
  await expect(page.locator('[data-save-state]')).toHaveText('Saved in this browser', { timeout: 2_000 });

  await page.getByRole('button', { name: 'Check' }).click();
  await expect(results(page).locator('[data-results-summary]')).toHaveText(/^All \d+ checks pass\.$/, { timeout: 45_000 });
  await expect(results(page).locator('.ws-result-fail, .ws-result-error')).toHaveCount(0);
  await expect(results(page).locator('[data-complete]')).toContainText('Exercise complete');
  await expect(page.locator('[data-task-status="drain"]')).toHaveText('Passed');
  await expect(page.locator('[data-task-status="deadline"]')).toHaveText('Passed');

  await page.reload();
  await expect(results(page).locator('[data-complete]')).toContainText('Exercise complete', { timeout: 30_000 });
  await expect(page.locator('[data-task-status="deadline"]')).toHaveText('Passed');
});

test('a forced WebContainer that cannot boot falls back to the local runner within the timeout and says so', async ({ page }) => {
  // ?boot-timeout= shortens the 40 s a first visit gets (WEBCONTAINER_BOOT_TIMEOUT_MS); the wait is that bound plus a margin.
  await page.goto(withToken(`${exerciseUrl}?runtime=webcontainer&boot-timeout=5`));
  await expect(page.locator('[data-runtime-current]')).toHaveText(/starting WebContainer \(a first visit downloads it\)/);
  await expect(page.locator('[data-notices]')).toContainText('WebContainer was requested but did not start', { timeout: 13_000 });
  await expect(page.locator('[data-notices]')).toContainText('using the local runner instead');
  await expect(page.locator('[data-runtime-current]')).toHaveText('Sandbox: the local runner');
  await expect(shell(page)).toContainText('graceful-shutdown', { timeout: 15_000 });
});
