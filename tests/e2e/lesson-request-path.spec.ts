/**
 * The request path lesson's walk on the local runner: the stampede demo shows fifty queries for fifty concurrent
 * misses, the starter fails its checks, the typed solution passes, and the demo then makes one query.
 */
import { expect, test } from '@playwright/test';
import { expectSolutionPasses, expectStarterFails, expectStillCompleteAfterReload } from './helpers/lesson-walk.ts';
import { openExercise, program } from './helpers/workspace.ts';

/** The demo's first line (sandboxes/request-path/cache-stampede/starter/main.js): a burst on a cold cache. */
const coldBurst = (queries: number) => new RegExp(`cold cache\\s*: 50 requests -> ${queries} database queries`);

test('request path, one miss one query: the stampede in the Terminal, the starter fails, the typed solution completes', async ({ page }) => {
  test.setTimeout(240_000);
  const exerciseId = 'request-path/cache-stampede';
  await openExercise(page, exerciseId);

  // Every one of the fifty concurrent misses queries the database.
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(program(page)).toContainText(coldBurst(50), { timeout: 30_000 });

  await expectStarterFails(page, exerciseId);
  await expectSolutionPasses(page, exerciseId);

  // Coalesced: the same burst makes one query.
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(program(page)).toContainText(coldBurst(1), { timeout: 30_000 });

  await expectStillCompleteAfterReload(page, exerciseId);
});
