/**
 * Walk-throughs of the lessons' exercises on the local runner: a learner runs the starter, sees it fail the checks,
 * types the fix and sees it pass; and every lesson and exercise page on disk shows what it promises.
 */
import { expect, test, type Page } from '@playwright/test';
import { checkCourse } from '../../src/content-check/check-course.ts';
import { repoRoot } from './helpers/exercise-files.ts';
import { expectSolutionPasses, expectStarterFails, expectStillCompleteAfterReload } from './helpers/lesson-walk.ts';
import {
  openExercise,
  previewBody,
  program,
  shell,
  taskStatus,
  typeInShell,
  workspace,
} from './helpers/workspace.ts';

/** How long the demo's mailer takes per signup e-mail (sandboxes/message-queues/explicit-acks/starter/main.js). */
const MAIL_SEND_MS = 700;

/** The response times of the signups the program has printed so far, in ms. */
async function signupTimes(page: Page): Promise<number[]> {
  const text = await program(page).innerText();
  return [...text.matchAll(/signed up: answered 201 in (\d+) ms/g)].map((m) => Number(m[1]));
}

test('message queues, explicit acks: the live view shows the broker, the starter fails, the typed solution completes', async ({ page }) => {
  test.setTimeout(240_000);
  const exerciseId = 'message-queues/explicit-acks';
  await openExercise(page, exerciseId);

  // Run the starter: signups wait for the mail server, and the broker's queues are drawn in the Preview.
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(program(page)).toContainText('live view:', { timeout: 20_000 });
  await expect(program(page)).toContainText(/signed up: answered 201 in \d+ ms/, { timeout: 20_000 });
  // Each answer waited for the mail (half of it, as timers may fire a little early against Date.now).
  for (const ms of await signupTimes(page)) expect(ms).toBeGreaterThan(MAIL_SEND_MS / 2);
  const view = previewBody(page);
  await expect(view.locator('#status')).toHaveText('live', { timeout: 20_000 });
  const emails = view.locator('section[aria-label="queue emails"]');
  await expect(emails.locator('.lane.ready h3')).toHaveText(/^Ready \(\d+\)$/);
  await expect(emails.locator('.lane.unacked h3')).toHaveText(/^Unacked \(in flight\) \([1-9]\d*\)$/);
  await expect(emails.locator('.consumer')).toHaveText([/^worker-A/, /^worker-B/]);
  await expect(view.locator('section[aria-label="queue emails.dead"] .lane h3')).toHaveText('Dead letters (0)');
  // The starter never acks: a message comes back once its visibility timeout (4 s in the demo) runs out.
  await expect(view.locator('#log')).toContainText('within the visibility timeout — it goes back to ready', { timeout: 30_000 });

  await expectStarterFails(page, exerciseId);
  await expectSolutionPasses(page, exerciseId);

  // Run the fixed code: signups answer without waiting for the mailer, and the malformed message is dead-lettered.
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(program(page)).toContainText(/signed up: answered 201 in \d+ ms/, { timeout: 20_000 });
  // However slow the machine, no answer waited for a mail to be sent.
  for (const ms of await signupTimes(page)) expect(ms).toBeLessThan(MAIL_SEND_MS);
  await expect(view.locator('section[aria-label="queue emails.dead"] .lane h3')).toHaveText('Dead letters (1)', { timeout: 20_000 });
  await expect(view.locator('section[aria-label="queue emails.dead"] .msg')).toContainText('hello from app v1');

  await expectStillCompleteAfterReload(page, exerciseId);
});

interface LoadTestNumbers {
  succeeded: number;
  failed: number;
}

const failedShare = ({ succeeded, failed }: LoadTestNumbers): number => failed / (succeeded + failed);

/** Runs the exercise's load test in the Terminal's shell on a cleared screen and reads the numbers it prints. */
async function runLoadTest(page: Page): Promise<LoadTestNumbers> {
  await typeInShell(page, 'clear');
  await expect(shell(page)).not.toContainText('succeeded:');
  await typeInShell(page, 'node loadtest.js');
  await expect(shell(page)).toContainText(/failed: +\d+/, { timeout: 60_000 });
  const text = await shell(page).innerText();
  const succeeded = /succeeded: (\d+) \(\d+ req\/s\)/.exec(text);
  const failed = /failed: +(\d+)/.exec(text);
  if (!succeeded || !failed) throw new Error(`the load test printed no numbers; the terminal shows:\n${text}`);
  return { succeeded: Number(succeeded[1]), failed: Number(failed[1]) };
}

test('dev vs production, survive a crash: the load test in the Terminal, the starter fails, the typed solution completes', async ({ page }) => {
  test.setTimeout(300_000);
  const exerciseId = 'dev-vs-production/crash-survival';
  await openExercise(page, exerciseId);
  await expect(page.locator('[data-runtime-current]')).toHaveText('Sandbox: the local runner');
  await expect(shell(page)).toContainText('crash-survival', { timeout: 15_000 });

  // One process: the first crash takes the site down for the rest of the load test.
  const before = await runLoadTest(page);
  expect(before.failed).toBeGreaterThan(0);

  await expectStarterFails(page, exerciseId);
  await expectSolutionPasses(page, exerciseId);

  // A supervisor restarts crashed workers, so the site keeps serving for the whole run. Shares of requests, not
  // counts: how many requests a run makes depends on the machine and its load, not on the fix.
  const after = await runLoadTest(page);
  const numbers = `before the fix: ${JSON.stringify(before)}, after: ${JSON.stringify(after)}`;
  expect(failedShare(after), numbers).toBeLessThan(failedShare(before));
  expect(after.succeeded, numbers).toBeGreaterThan(after.failed);

  await expectStillCompleteAfterReload(page, exerciseId);
});

/** Hint text as the page shows it: `code` spans lose their backticks. */
const shownText = (markdownish: string): string => markdownish.replace(/`([^`]+)`/g, '$1');

test('every lesson lists its exercise folders, and every exercise page shows its tasks with their hints', async ({ page }) => {
  const { lessons, exercises } = await checkCourse(repoRoot);
  // Each page costs seconds on a loaded machine: the budget grows with the course, not one figure for all of it.
  test.setTimeout(60_000 + 25_000 * exercises.size);
  const published = [...lessons].filter(([, lesson]) => !lesson.draft);
  expect(published.length).toBeGreaterThan(0);

  for (const [slug, lesson] of published) {
    const listedIds = lesson.exercises.map((name) => `${slug}/${name}`);
    const onDisk = [...exercises.keys()].filter((id) => id.startsWith(`${slug}/`));
    expect(listedIds.toSorted(), `exercise folders in sandboxes/${slug}/ vs the lesson's list`).toEqual(onDisk.toSorted());

    await test.step(`lesson ${slug}`, async () => {
      await page.goto(`/lessons/${slug}/`);
      const items = page.locator('.exercise-list > li');
      await expect(items).toHaveCount(listedIds.length);
      for (const [i, id] of listedIds.entries()) {
        await expect(items.nth(i)).toHaveAttribute('data-exercise', id);
        const link = items.nth(i).getByRole('link');
        await expect(link).toHaveText(exercises.get(id)!.title);
        await expect(link).toHaveAttribute('href', `/lessons/${id}/`);
      }
    });

    for (const id of listedIds) {
      await test.step(`exercise ${id}`, async () => {
        const exercise = exercises.get(id)!;
        await page.goto(`/lessons/${id}/`);
        await expect(page.getByRole('region', { name: 'Instructions' }).getByRole('heading', { level: 1 })).toBeVisible();
        const files = page.getByRole('region', { name: 'Files' });
        for (const path of exercise.editable) await expect(files.locator(`[data-file="${path}"]`)).toContainText('editable');

        const tasks = page.getByRole('region', { name: 'Tasks' }).locator('.task');
        await expect(tasks).toHaveCount(exercise.tasks.length);
        for (const [i, task] of exercise.tasks.entries()) {
          const item = tasks.nth(i);
          await expect(item).toHaveAttribute('data-task', task.id);
          await expect(item.locator('.task-title')).toContainText(task.title);
          await expect(taskStatus(page, task.id)).toHaveText('Not checked yet');
          // Hints open one at a time, each inside the one before.
          const levels = item.locator('details.hint');
          await expect(levels).toHaveCount(task.hints.length);
          for (const [n, hint] of task.hints.entries()) {
            const level = levels.nth(n);
            await expect(level.locator('> summary')).toHaveText(`${n === 0 ? 'Show a hint' : 'Show the next hint'} (${n + 1} of ${task.hints.length})`);
            await expect(level.locator('> p')).toBeHidden();
            await level.locator('> summary').click();
            await expect(level.locator('> p')).toHaveText(shownText(hint));
          }
        }
        await expect(workspace(page)).toBeVisible();
      });
    }
  }
});
