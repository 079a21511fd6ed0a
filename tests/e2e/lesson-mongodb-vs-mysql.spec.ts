/**
 * The MongoDB vs MySQL lesson's walk on the local runner: Run shows SQLite's plan scanning whole tables, the
 * starter fails its checks, the typed indexes pass them, and the plan now seeks through them.
 */
import { expect, test } from '@playwright/test';
import { expectSolutionPasses, expectStarterFails, expectStillCompleteAfterReload } from './helpers/lesson-walk.ts';
import { openExercise, program } from './helpers/workspace.ts';

test('MongoDB vs MySQL, indexes you can see: the plan scans, the starter fails, the typed indexes pass and are used', async ({ page }) => {
  test.setTimeout(240_000);
  const exerciseId = 'mongodb-vs-mysql/indexes-you-can-see';
  await openExercise(page, exerciseId);

  await page.getByRole('button', { name: 'Run' }).click();
  await expect(program(page)).toContainText('plan: SCAN users', { timeout: 60_000 });
  await expect(program(page)).toContainText('plan: USE TEMP B-TREE FOR ORDER BY', { timeout: 60_000 });

  await expectStarterFails(page, exerciseId);
  await expectSolutionPasses(page, exerciseId);

  await page.getByRole('button', { name: 'Run' }).click();
  await expect(program(page)).toContainText('plan: SEARCH users USING INDEX users_email (email=?)', { timeout: 60_000 });
  await expect(program(page)).toContainText('plan: SEARCH events USING INDEX events_user_created (user_id=? AND created_at>?)');
  await expect(program(page)).not.toContainText('plan: USE TEMP B-TREE');

  await expectStillCompleteAfterReload(page, exerciseId);
});
