/** Files made outside the editor: what the terminal creates shows in Files, and an editable file it changes is saved. */
import { expect, test } from '@playwright/test';
import { editorLines, openExercise, shell, typeInShell } from './helpers/workspace.ts';

test('files made in the terminal appear in Files; a change to an editable file there is kept like an edit', async ({ page }) => {
  test.setTimeout(120_000);
  await openExercise(page, 'dev-vs-production/graceful-shutdown');
  await expect(shell(page)).toContainText('graceful-shutdown', { timeout: 30_000 });
  const files = page.getByRole('region', { name: 'Files' });

  await typeInShell(page, "echo 'a note' > notes.txt; mkdir -p logs; echo started > logs/today.log; sed -i '1i // added in the terminal' server.js");
  await expect(files.locator('[data-file="notes.txt"]')).toContainText('not saved');
  await expect(files.locator('[data-file="logs/today.log"]')).toBeVisible();
  await expect(editorLines(page)).toContainText('// added in the terminal');
  await expect(page.locator('[data-save-state]')).toHaveAttribute('data-state', 'saved');

  // A new file opens read-only with what the sandbox holds. (The line was put first: the editor draws only the lines in view.)
  await files.locator('[data-file="notes.txt"]').click();
  await expect(page.locator('[data-tab="notes.txt"]')).toHaveAttribute('aria-selected', 'true');
  await expect(editorLines(page)).toContainText('a note');

  // The editable file's change was stored in the browser: a reload (a fresh sandbox) still has it.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Workspace' })).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect(editorLines(page)).toContainText('// added in the terminal');
});
