/**
 * The steps every lesson's e2e walk shares: Check on the starter fails as promised, the typed solution passes, and the
 * completion survives a reload.
 */
import { expect, type Page } from '@playwright/test';
import { listedChecks, readManifest, solutionEdits } from './exercise-files.ts';
import { check, completion, replaceFile, results, resultsSummary, taskStatus } from './workspace.ts';

/** Check on the starter: every check is listed by name, each failing one says why, and every task is failing. */
export async function expectStarterFails(page: Page, exerciseId: string): Promise<void> {
  const [{ tasks }, checks] = await Promise.all([readManifest(exerciseId), listedChecks(exerciseId)]);
  await check(page);
  await expect(results(page).getByRole('listitem').locator('.ws-result-name')).toHaveText(checks.map((c) => c.name));
  await expect(resultsSummary(page)).toHaveText(new RegExp(`^\\d+ of ${checks.length} checks pass, `));
  const failed = await results(page).locator('.ws-result-fail, .ws-result-error').all();
  expect(failed.length).toBeGreaterThan(0);
  for (const item of failed) {
    await expect(item.locator('.ws-result-status')).toHaveText(/^(Failed|Error)$/);
    await expect(item.locator('.ws-result-message')).not.toBeEmpty();
  }
  for (const task of tasks) await expect(taskStatus(page, task.id)).toHaveText('Failing');
  await expect(completion(page)).toHaveCount(0);
}

/** The solution's editable files typed into the editor, then Check: every check and task passes, and it says so. */
export async function expectSolutionPasses(page: Page, exerciseId: string): Promise<void> {
  const [{ tasks }, checks, edits] = await Promise.all([readManifest(exerciseId), listedChecks(exerciseId), solutionEdits(exerciseId)]);
  for (const [path, text] of Object.entries(edits)) await replaceFile(page, path, text);
  await check(page);
  await expect(resultsSummary(page)).toHaveText(`All ${checks.length} checks pass.`);
  await expect(results(page).locator('.ws-result-status')).toHaveText(checks.map(() => 'Passed'));
  await expect(completion(page)).toContainText('Exercise complete');
  for (const task of tasks) await expect(taskStatus(page, task.id)).toHaveText('Passed');
}

export async function expectStillCompleteAfterReload(page: Page, exerciseId: string): Promise<void> {
  const { tasks } = await readManifest(exerciseId);
  await page.reload();
  await expect(completion(page)).toContainText('Exercise complete', { timeout: 30_000 });
  for (const task of tasks) await expect(taskStatus(page, task.id)).toHaveText('Passed');
}
