/**
 * The microservice-pitfalls walk: the slow-dependency exercise on the local runner. The live call graph shows the
 * mesh; a hanging reviews service leaves the starter's calls waiting; the starter fails its checks, the typed
 * solution passes, and with the fix the same fault gives visitors degraded pages instead of none.
 */
import { expect, test } from '@playwright/test';
import { expectSolutionPasses, expectStarterFails, expectStillCompleteAfterReload } from './helpers/lesson-walk.ts';
import { openExercise, previewBody, program } from './helpers/workspace.ts';

test('microservice pitfalls, slow dependency: the call graph shows a hang, the starter fails, the typed solution completes', async ({ page }) => {
  test.setTimeout(300_000);
  const exerciseId = 'microservice-pitfalls/slow-dependency';
  await openExercise(page, exerciseId);

  // Run the starter: four services and the live call graph, with visitors' requests flowing through the edge.
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(program(page)).toContainText('live view:', { timeout: 30_000 });
  const view = previewBody(page);
  await expect(view.locator('#status')).toHaveText('live', { timeout: 30_000 });
  await expect(view.locator('#graph .node')).toHaveCount(5);
  await expect(view.locator('tr[data-edge="edge>catalog"]')).toBeVisible({ timeout: 20_000 });
  await expect(view.locator('tr[data-edge="catalog>pricing"]')).toBeVisible();

  // Make reviews hang: with no timeout, the edge's calls to it pile up, waiting.
  await view.locator('#fault-reviews').selectOption('hang');
  await expect(view.locator('#graph .node.faulty')).toContainText('reviews');
  const waitingForReviews = view.locator('tr[data-edge="edge>reviews"] td').nth(6);
  await expect.poll(async () => Number(await waitingForReviews.textContent()), { timeout: 30_000 }).toBeGreaterThan(3);

  await expectStarterFails(page, exerciseId);
  await expectSolutionPasses(page, exerciseId);

  // Run the fixed code and make reviews hang again: the visitors get degraded pages, and nothing is left waiting.
  await page.getByRole('button', { name: 'Run' }).click();
  // The new program starts with every service healthy: that tells its page from the old one's.
  await expect(view.locator('#fault-reviews')).toHaveValue('ok', { timeout: 30_000 });
  await expect(view.locator('#status')).toHaveText('live', { timeout: 30_000 });
  await view.locator('#fault-reviews').selectOption('hang');
  await expect.poll(async () => Number((await view.locator('#answers b.degraded').textContent())?.match(/\d+/)?.[0] ?? 0), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(view.locator('tr[data-edge="edge>reviews"] td').nth(6)).toHaveText(/^[0-3]$/);

  await expectStillCompleteAfterReload(page, exerciseId);
});
