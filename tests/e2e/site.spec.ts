import { expect, test } from '@playwright/test';
import { resolve } from 'node:path';
import { checkCourse } from '../../src/content-check/check-course.ts';

const root = resolve(import.meta.dirname, '../..');

test('home lists the published lessons in course order with minutes and difficulty', async ({ page }) => {
  const { lessons } = await checkCourse(root);
  const expected = [...lessons.values()].filter((l) => !l.draft).sort((a, b) => a.order - b.order).map((l) => l.title);
  await page.goto('/');
  const titles = page.locator('.lesson-card h3');
  await expect(titles).toHaveText(expected);
  const first = page.locator('.lesson-card').first();
  await expect(first).toContainText(/\d+ min/);
  await expect(first.locator('.badge')).toHaveText(/Intro|Core|Advanced/);
});

test('a lesson page renders its headings, table of contents, quiz, flashcards and sources', async ({ page }) => {
  await page.goto('/lessons/dev-vs-production/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const toc = page.getByRole('navigation', { name: 'On this page' });
  await expect(toc.getByRole('link', { name: 'Quiz' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Sources' })).toBeVisible();
  expect(await page.locator('#sources + ul a').count()).toBeGreaterThan(0);

  // A wrong answer is marked wrong with the reason; the right one is marked right.
  const question = page.locator('.quiz-question').first();
  const wrongIndex = await question.locator('.quiz-choices > li[data-correct="false"]').first().locator('input').getAttribute('value');
  await question.locator(`input[value="${wrongIndex}"]`).check();
  await question.getByRole('button', { name: 'Check answer' }).click();
  await expect(question.locator('.quiz-feedback')).toHaveText(/Not quite/);
  await expect(question.locator('.is-wrong .quiz-verdict')).toHaveText(/not this one/);
  await question.locator('input').evaluateAll((inputs) => inputs.forEach((i) => ((i as HTMLInputElement).checked = false)));
  for (const input of await question.locator('li[data-correct="true"] input').all()) await input.check();
  await question.getByRole('button', { name: 'Check answer' }).click();
  await expect(question.locator('.quiz-feedback')).toHaveText('Correct.');

  // Flashcards flip from the keyboard.
  const card = page.locator('.flashcard').first();
  await card.locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(card).toHaveAttribute('open', '');
  await expect(card.locator('.flashcard-back')).toBeVisible();
});

test('pages are cross-origin isolated', async ({ page }) => {
  await page.goto('/lessons/dev-vs-production/');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
});

test('an exercise page shows instructions, tasks and hints one at a time', async ({ page }) => {
  await page.goto('/lessons/dev-vs-production/graceful-shutdown/');
  await expect(page.getByRole('region', { name: 'Instructions' }).getByRole('heading', { level: 1 })).toBeVisible();
  const task = page.locator('.task').first();
  await expect(task.getByText('Show the next hint (2 of')).toBeHidden();
  await task.getByText('Show a hint (1 of').click();
  await expect(task.getByText('Show the next hint (2 of')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Workspace' })).toBeVisible();
});

test('an unknown address gets the 404 page with status 404', async ({ page }) => {
  const response = await page.goto('/no/such/page/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('keyboard focus is visible', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
  await expect(skip).toBeInViewport();
});

test('lesson prose reads without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/lessons/dev-vs-production/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.locator('.quiz-answer summary').first().click();
  await expect(page.locator('.quiz-answer').first()).toContainText('Answer:');
  await context.close();
});

test('on a phone an exercise shows read-only code with the reason, and is remembered as the last position', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
  const page = await context.newPage();
  await page.goto('/lessons/message-queues/explicit-acks/');
  await expect(page.getByText('On a small screen the code is read-only')).toBeVisible();
  await expect(page.locator('[data-static-file="signup.js"]')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Workspace' })).not.toHaveAttribute('data-ready', 'true');
  // The visit is stored in the background; wait until IndexedDB holds it before leaving the page.
  const storedPositions = () =>
    page.evaluate(async () => {
      // Never open a database the page has not created yet: that would create it at the wrong version.
      if (!(await indexedDB.databases()).some((d) => d.name === 'archlab')) return 0;
      return new Promise<number>((resolve) => {
        const open = indexedDB.open('archlab');
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('position')) return resolve(0);
          const count = db.transaction('position').objectStore('position').count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
        };
        open.onerror = () => resolve(0);
      });
    });
  await expect.poll(storedPositions).toBe(1);
  await page.goto('/');
  await expect(page.locator('[data-progress-continue]')).toHaveText(/Continue where you left off: Producer and consumer/);
  await context.close();
});
