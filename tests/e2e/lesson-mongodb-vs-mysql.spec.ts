/**
 * The MongoDB vs MySQL lesson's walk on the local runner: Run shows SQLite's plan scanning whole tables, the
 * starter fails its checks, the typed indexes pass them, and the plan now seeks through them.
 */
import { expect, test } from '@playwright/test';
import { expectSolutionPasses, expectStarterFails, expectStillCompleteAfterReload } from './helpers/lesson-walk.ts';
import { openExercise, program, shell, typeInShell } from './helpers/workspace.ts';

test('MongoDB vs MySQL, indexes you can see: the plan scans, the starter fails, the typed indexes pass and are used', async ({ page }) => {
  test.setTimeout(240_000);
  const exerciseId = 'mongodb-vs-mysql/indexes-you-can-see';
  await openExercise(page, exerciseId);

  // Run's last lines stay in view; the whole output outgrows the pane, so the plans are read in the Terminal.
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(program(page)).toContainText('plan: USE TEMP B-TREE FOR ORDER BY', { timeout: 60_000 });
  await typeInShell(page, 'node main.js | grep "plan:"');
  await expect(shell(page)).toContainText('plan: SCAN users', { timeout: 60_000 });
  await expect(shell(page)).toContainText('plan: SCAN events');

  await expectStarterFails(page, exerciseId);
  await expectSolutionPasses(page, exerciseId);

  await typeInShell(page, 'clear');
  await typeInShell(page, 'node main.js | grep "plan:"');
  await expect(shell(page)).toContainText('plan: SEARCH users USING INDEX users_email (email=?)', { timeout: 60_000 });
  await expect(shell(page)).toContainText('plan: SEARCH events USING INDEX events_user_created (user_id=? AND created_at>?)', { timeout: 60_000 });
  await expect(shell(page)).not.toContainText('plan: USE TEMP B-TREE');

  await expectStillCompleteAfterReload(page, exerciseId);
});
