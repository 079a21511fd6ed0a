import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { NEW_ITEMS_PER_DAY } from '../../src/review/queue.ts';

const lessonsDir = new URL('../../lessons/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, lessonsDir), 'utf8');

test('review with the keyboard: a card by Space and a rating, a quiz question by answering and changing the suggested rating; the due count follows', async ({ page }) => {
  // Opening a lesson puts its items into the review: today's cap of them is due.
  await page.goto('/lessons/message-queues/');
  const due = page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: /^Review/ });
  await expect(due).toHaveText(`Review ${NEW_ITEMS_PER_DAY} due`);

  await page.goto('/review/');
  const item = page.getByRole('region', { name: /^Flashcard · / });
  await expect(item).toBeVisible();
  const ratings = page.getByRole('group', { name: 'How well did you recall it?' });
  await expect(ratings).toBeHidden();
  await page.keyboard.press('Space');
  await expect(ratings.getByRole('button')).toHaveText([/^Again\s*\d+ min$/, /^Hard/, /^Good/, /^Easy\s*\d+ d$/]);
  // Keys typed into a field are the field's: the search box takes "4", nothing is rated.
  await page.getByRole('searchbox', { name: 'Search the course' }).focus();
  await page.keyboard.type('4');
  await expect(ratings).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search the course' }).fill('');
  await page.keyboard.press('Escape');
  await page.getByRole('heading', { name: /^Flashcard · / }).focus();
  await page.keyboard.press('3');
  await expect(page.locator('[data-review-status]')).toHaveText(/^Rated Good: next review in \d+ min\.$/);

  // The next item is a quiz question: answer it right from the keyboard; Good is suggested, the learner picks Hard.
  const quiz = page.getByRole('region', { name: /^Quiz question · / });
  await expect(quiz).toBeVisible();
  const items = JSON.parse(await (await page.request.get('/review/items.json')).text()) as { items: Array<{ key: string; kind: string; question?: { choices: Array<{ correct: boolean }> } }> };
  const question = items.items.find((i) => i.kind === 'quiz' && i.key.startsWith('message-queues/'))!.question!;
  const choices = quiz.locator('fieldset input');
  for (const [i, choice] of question.choices.entries()) {
    if (!choice.correct) continue;
    await choices.nth(i).focus();
    await page.keyboard.press('Space');
  }
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-review-suggestion]')).toHaveText(/^Correct\. Suggested rating: Good/);
  await expect(ratings.getByRole('button', { name: /^Good/ })).toBeFocused();
  await expect(ratings.getByRole('button', { name: /^Good/ })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('2');
  await expect(page.locator('[data-review-status]')).toHaveText(/^Rated Hard: next review in \d+ min\.$/);

  await page.reload();
  await expect(due).toHaveText(`Review ${NEW_ITEMS_PER_DAY - 2} due`);
  await expect(page.getByRole('region', { name: /^Flashcard · / })).toBeVisible();

  // The progress page measures it: two reviews today, both recalled.
  await page.goto('/progress/');
  await expect(page.getByRole('row', { name: /^Message queues/ })).toHaveText(/Message queues\s*2\s*100%/);
});

test('search finds a lesson section by a word only in its body, from the keyboard, and leads to it', async ({ page }) => {
  const word = 'backfires';
  const lesson = read('message-queues.mdx');
  const others = readdirSync(lessonsDir).filter((f) => f !== 'message-queues.mdx').map(read);
  // The walk relies on the word being in one section's body and nowhere else in the course.
  expect(lesson.split(word)).toHaveLength(2);
  expect(others.some((text) => text.includes(word))).toBe(false);
  const section = lesson.slice(0, lesson.indexOf(word)).match(/^## (.+)$/gm)!.at(-1)!.slice(3);

  await page.goto('/lessons/dev-vs-production/');
  await page.keyboard.press('/');
  const box = page.getByRole('searchbox', { name: 'Search the course' });
  await expect(box).toBeFocused();
  await page.keyboard.type(word);
  const results = page.getByRole('region', { name: 'Lesson sections' });
  await expect(results.getByRole('link')).toHaveText([section]);
  await page.keyboard.press('ArrowDown');
  await expect(results.getByRole('link')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/lessons\/message-queues\/#prefetch/);
  await expect(page.getByRole('heading', { level: 2, name: section })).toBeInViewport();
});

test('the interview sheet has every lesson’s summary with links back, and prints one lesson a page without navigation', async ({ page }) => {
  await page.goto('/interview/');
  const lesson = page.getByRole('region', { name: 'Message queues' });
  await expect(lesson.getByRole('link', { name: /^Read the lesson/ })).toHaveAttribute('href', '/lessons/message-queues/');
  await lesson.getByRole('link', { name: /^Review its \d+ flashcards and quiz questions/ }).click();
  await expect(page.locator('[data-review-scope]')).toHaveText('Reviewing Message queues only. Review all your lessons');
  await expect(page.getByRole('region', { name: /· Message queues$/ })).toBeVisible();

  await page.goto('/interview/');
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('banner')).toBeHidden();
  expect(await page.locator('.sheet-lesson').first().evaluate((el) => getComputedStyle(el).breakAfter)).toBe('page');
});
