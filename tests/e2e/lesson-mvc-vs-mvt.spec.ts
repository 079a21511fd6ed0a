/** The MVC vs MVT lesson's walk: the MTV todo exercise from a wrong list and a missing page to a passing Check. */
import { expect, test, type Page } from '@playwright/test';
import { expectSolutionPasses, expectStarterFails, expectStillCompleteAfterReload } from './helpers/lesson-walk.ts';
import { openExercise, previewBody, program } from './helpers/workspace.ts';

/** Shows `path` of the running program in the Preview, through its address field. */
async function visit(page: Page, path: string): Promise<void> {
  const address = page.getByRole('region', { name: 'Preview' }).locator('[data-preview-path]');
  await address.fill(path);
  await address.press('Enter');
}

/** The list items of the todo list page shown in the Preview. */
const listItems = (page: Page) => previewBody(page).locator('ul > li');

test('MVC vs MVT, MTV the Django way: the Preview shows the wrong list and a 404, the starter fails, the typed solution completes', async ({ page }) => {
  test.setTimeout(240_000);
  const exerciseId = 'mvc-vs-mvt/mtv-todo';
  await openExercise(page, exerciseId);

  // The starter: the template queries the model and filters it itself, so the list comes in storage order.
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(program(page)).toContainText('todo app (MTV) on', { timeout: 20_000 });
  await expect(listItems(page).first()).toContainText('Water the plants', { timeout: 20_000 });
  await expect(listItems(page)).toHaveCount(3);
  // No URL pattern leads to a todo's own page yet.
  await visit(page, '/todos/2/');
  await expect(previewBody(page)).toContainText('No URL pattern matches /todos/2/');

  await expectStarterFails(page, exerciseId);
  await expectSolutionPasses(page, exerciseId);

  // Run the fixed app: the view picks the open todos by due date; the title with markup in it is shown as text.
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(program(page)).toContainText('todo app (MTV) on', { timeout: 20_000 });
  await visit(page, '/');
  await expect(listItems(page)).toHaveText([/^Renew the passport/, /^Book the <dentist> & hygienist/, /^Water the plants/], { timeout: 20_000 });
  await visit(page, '/todos/2/');
  await expect(previewBody(page).getByRole('heading', { level: 1 })).toHaveText('Renew the passport');

  await expectStillCompleteAfterReload(page, exerciseId);
});
