import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';

const lessonUrl = '/lessons/dev-vs-production/';
const exerciseId = 'dev-vs-production/graceful-shutdown';
const tasks = (JSON.parse(readFileSync(new URL(`../../sandboxes/${exerciseId}/exercise.json`, import.meta.url), 'utf8')) as { tasks: { id: string }[] }).tasks;

const question = (page: Page, n: number): Locator => page.locator('.quiz-question').nth(n);
const lessonBadge = (page: Page): Locator => page.locator('[data-progress-lesson="dev-vs-production"]').first();

/** Ticks exactly the correct choices (or, with `wrong`, one wrong choice) of quiz question `n` and checks it. */
async function answer(page: Page, n: number, { wrong = false } = {}): Promise<void> {
  const q = question(page, n);
  const picks = q.locator(`.quiz-choices > li[data-correct="${!wrong}"] input`);
  for (const input of wrong ? [picks.first()] : await picks.all()) await input.check();
  await q.getByRole('button', { name: 'Check answer' }).click();
  await expect(q.locator('.quiz-feedback')).toHaveText(wrong ? /^Not quite/ : 'Correct.');
}

async function importFile(page: Page, name: string, text: string): Promise<void> {
  await page.getByLabel('Import a progress file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

test('a quiz answer is kept: after a reload it is shown again with its verdict, and home counts it', async ({ page }) => {
  await page.goto(lessonUrl);
  await answer(page, 0, { wrong: true });
  await answer(page, 1);
  await page.reload();

  const first = question(page, 0);
  await expect(first.locator('.quiz-feedback')).toHaveText(/^Your earlier answer: Not quite/);
  await expect(first.locator('.is-wrong input')).toBeChecked();
  await expect(first.locator('.is-wrong .quiz-verdict')).toHaveText(/not this one/);
  await expect(question(page, 1).locator('.quiz-feedback')).toHaveText('Your earlier answer: Correct.');
  await expect(question(page, 2).locator('.quiz-feedback')).toHaveText('');
  await expect(question(page, 2).locator('input:checked')).toHaveCount(0);
  const questions = await page.locator('.quiz-question').count();
  await expect(lessonBadge(page)).toHaveText(new RegExp(`quiz: 1 of ${questions} correct`));

  await page.goto('/');
  await expect(lessonBadge(page)).toHaveText(new RegExp(`^0 of \\d+ exercises done · quiz: 1 of ${questions} correct$`));
  const resume = page.locator('[data-progress-continue]');
  await expect(resume).toHaveText('Continue where you left off: Dev server vs production stack');
  await resume.getByRole('link').click();
  await expect(page).toHaveURL(lessonUrl);
});

test('export, a malformed file is refused and changes nothing, the exported file replaces after a yes', async ({ page }) => {
  await page.goto(lessonUrl);
  await answer(page, 0);

  await page.goto('/progress/');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export progress' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^archlab-progress-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = readFileSync(await download.path(), 'utf8');
  const file = JSON.parse(exported);
  expect(file).toMatchObject({ format: 'archlab-progress', version: 2, quizAnswers: [{ lesson: 'dev-vs-production', question: expect.any(String), correct: true }] });
  await expect(page.getByRole('status')).toHaveText(/Exported .*1 quiz answer and 0 scheduled review items as archlab-progress-/);

  // Progress made after the export: the import will take it away.
  await page.goto(lessonUrl);
  await answer(page, 1);
  await page.goto('/progress/');
  await expect(lessonBadge(page)).toHaveText(/quiz: 2 of \d+ correct/);

  await importFile(page, 'notes.json', '{"format": "archlab-progress", "version": 1, "edits": "oops"');
  await expect(page.getByRole('alert')).toHaveText(/^notes\.json was not imported\. This file is not JSON.*Nothing was changed\.$/);
  await importFile(page, 'package.json', JSON.stringify({ name: 'x', version: '1.0.0' }));
  await expect(page.getByRole('alert')).toHaveText(/not an archlab progress file: it has no "format" field/);
  await importFile(page, 'broken.json', JSON.stringify({ ...file, quizAnswers: [{ ...file.quizAnswers[0], chosen: 'all' }] }));
  await expect(page.getByRole('alert')).toHaveText(/damaged: quizAnswers\[0\]\.chosen: expected array/);
  await expect(page.getByRole('dialog')).toBeHidden();
  await page.reload();
  await expect(lessonBadge(page)).toHaveText(/quiz: 2 of \d+ correct/);

  // The dialog says what would change; Escape cancels from the keyboard.
  await importFile(page, download.suggestedFilename(), exported);
  const dialog = page.getByRole('dialog', { name: 'Replace your progress with this file?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('row', { name: /^Quiz answers/ })).toHaveText(/Quiz answers\s*2\s*1/);
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toHaveText('Import cancelled; nothing was changed.');
  await expect(lessonBadge(page)).toHaveText(/quiz: 2 of \d+ correct/);

  // Again, and yes from the keyboard.
  await importFile(page, download.suggestedFilename(), exported);
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Replace my progress' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText(/^Imported .*1 quiz answer and 0 scheduled review items\. Your earlier progress in this browser was replaced\.$/);
  await expect(lessonBadge(page)).toHaveText(/quiz: 1 of \d+ correct/);
  await page.goto(lessonUrl);
  await expect(question(page, 0).locator('.quiz-feedback')).toHaveText('Your earlier answer: Correct.');
  await expect(question(page, 1).locator('.quiz-feedback')).toHaveText('');
});

test('imported results show as exercise status on the home, lesson and exercise pages; the exercise becomes the last position', async ({ page }) => {
  const passing = { version: 1, status: 'pass', tests: tasks.map((t) => ({ id: `${t.id}-check`, name: t.id, task_id: t.id, status: 'pass' })) };
  const progress = {
    format: 'archlab-progress',
    version: 1,
    exportedAt: new Date().toISOString(),
    edits: [],
    results: [{ exerciseId, results: passing, checkedAt: Date.now(), completed: true }],
    quizAnswers: [],
    lastPosition: null,
  };
  await page.goto('/progress/');
  await importFile(page, 'progress.json', JSON.stringify(progress));
  await page.getByRole('dialog').getByRole('button', { name: 'Replace my progress' }).click();
  await expect(page.locator(`[data-progress-exercise="${exerciseId}"]`)).toHaveText('✓ Completed');

  await page.goto('/');
  await expect(lessonBadge(page)).toHaveText(/^1 of \d+ exercises done$/);
  await page.goto(lessonUrl);
  await expect(page.locator(`[data-progress-exercise="${exerciseId}"]`)).toHaveText('✓ Completed');

  // Without the runner's token link the workspace loads read-only; its notice comes after the saved statuses.
  await page.goto(`/lessons/${exerciseId}/`);
  await expect(page.locator('[data-notices]')).toContainText('open the link that "npm start" printed', { timeout: 30_000 });
  for (const t of tasks) await expect(page.locator(`[data-task-status="${t.id}"]`)).toHaveText('Passed');
  await page.goto('/');
  await expect(page.locator('[data-progress-continue]')).toHaveText('Continue where you left off: Shut down without dropping requests');
});

test('without JavaScript the progress page still reads, and offers nothing that cannot work', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/progress/');
  await expect(page.getByRole('heading', { level: 1, name: 'Your progress' })).toBeVisible();
  // Chromium with scripts switched off by Playwright still parses <noscript> as if they ran, so read it as markup.
  expect(await page.locator('noscript').innerHTML()).toContain('JavaScript, which is off here');
  await expect(page.getByRole('link', { name: 'Dev server vs production stack' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Export progress' })).toBeHidden();
  await context.close();
});
