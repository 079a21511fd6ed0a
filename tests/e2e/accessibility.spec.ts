/**
 * Accessibility: axe-core over every kind of page in both colour schemes and over every lesson and exercise page, and
 * one exercise done from the keyboard alone, also with forced colours (a high-contrast setting).
 */
import { expect, test, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';
import { checkCourse } from '../../src/content-check/check-course.ts';
import { axeFailures } from './helpers/axe.ts';
import { repoRoot } from './helpers/exercise-files.ts';
import { previewBody, results, shell, withToken, workspace } from './helpers/workspace.ts';

const exerciseId = 'dev-vs-production/graceful-shutdown';

/** Waits until an exercise page's workspace is connected: the page as a learner works in it. */
const workspaceReady = (page: Page) => expect(workspace(page)).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });

/** The header's search with results showing, as after typing a word. */
async function searchOpen(page: Page): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search the course' }).fill('queue');
  await expect(page.getByRole('region', { name: 'Lesson sections' }).getByRole('link').first()).toBeVisible({ timeout: 20_000 });
}

interface PageKind {
  name: string;
  path: string;
  /** Brings the page into the state to scan (a workspace ready, a dialog open); the page has loaded. */
  open?: (page: Page) => Promise<void>;
}

/** One page of each kind the site has. A new kind of page is one entry here. */
const pageKinds: PageKind[] = [
  { name: 'home', path: '/' },
  { name: 'progress', path: '/progress/' },
  { name: 'lesson', path: '/lessons/dev-vs-production/' },
  { name: 'exercise', path: `/lessons/${exerciseId}/`, open: workspaceReady },
  { name: '404', path: '/no/such/page/' },
  { name: 'review', path: '/review/' },
  { name: 'interview sheet', path: '/interview/' },
  { name: 'search results open', path: '/', open: searchOpen },
];

/** Time for one page: load, a workspace connecting on a busy machine, and the scan. */
const perPage = 60_000;

/** A browser context with the runner's cookie (so exercise pages connect), and its one page. */
async function openContext(browser: Browser, options: BrowserContextOptions): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(withToken('/'));
  return page;
}

async function scan(page: Page, path: string, label: string, open?: (page: Page) => Promise<void>): Promise<string[]> {
  await page.goto(path);
  await open?.(page);
  return axeFailures(page, label);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe: every kind of page in the ${colorScheme} scheme`, async ({ browser }) => {
    test.setTimeout(pageKinds.length * perPage);
    const page = await openContext(browser, { colorScheme });
    const failures: string[] = [];
    for (const kind of pageKinds) failures.push(...(await scan(page, kind.path, `${kind.name} ${kind.path} (${colorScheme})`, kind.open)));
    expect(failures, failures.join('\n')).toEqual([]);
    await page.context().close();
  });
}

test('axe: every lesson and exercise page of the course, in the light scheme', async ({ browser }) => {
  const { lessons } = await checkCourse(repoRoot);
  const published = [...lessons].filter(([, lesson]) => !lesson.draft);
  expect(published.length).toBeGreaterThan(0);
  test.setTimeout(published.reduce((pages, [, lesson]) => pages + 1 + lesson.exercises.length, 0) * perPage);
  const page = await openContext(browser, { colorScheme: 'light' });
  const failures: string[] = [];
  for (const [slug, lesson] of published) {
    failures.push(...(await scan(page, `/lessons/${slug}/`, `lesson ${slug}`)));
    for (const name of lesson.exercises) failures.push(...(await scan(page, `/lessons/${slug}/${name}/`, `exercise ${slug}/${name}`, workspaceReady)));
  }
  expect(failures, failures.join('\n')).toEqual([]);
  await page.context().close();
});

/** The focused element: the workspace part or page region it is in, what it is, and whether a focus indicator shows. */
interface Focus {
  region: string;
  label: string;
  indicator: boolean;
}

function focused(page: Page): Promise<Focus> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { region: '', label: 'the page itself', indicator: false };
    const region = el.closest('[data-region], section[aria-label], section[aria-labelledby], nav, header, footer');
    const label = el.getAttribute('aria-label') || (el as HTMLInputElement).labels?.[0]?.textContent || el.textContent?.trim().slice(0, 60) || el.tagName;
    // The element's own outline, or the box of the editor or terminal that holds its hidden text area.
    let indicator = false;
    for (let node: HTMLElement | null = el; node && node !== document.body && !indicator; node = node.parentElement) {
      const style = getComputedStyle(node);
      indicator = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    }
    return { region: region?.getAttribute('aria-label') ?? region?.tagName.toLowerCase() ?? '', label: `${el.tagName.toLowerCase()} "${label}"`, indicator };
  });
}

/** Presses `key` and checks that focus moved somewhere with a visible indicator; returns where. */
async function press(page: Page, key: string): Promise<Focus> {
  await page.keyboard.press(key);
  const now = await focused(page);
  expect(now.indicator, `no visible focus on ${now.label} in ${now.region || 'the page'} after ${key}`).toBe(true);
  return now;
}

/** Presses Tab until `done` holds for the focused element, each step with visible focus; returns every stop on the way. */
async function tabUntil(page: Page, done: (focus: Focus) => boolean, what: string): Promise<Focus[]> {
  const stops: Focus[] = [];
  for (let i = 0; i < 60; i++) {
    const now = await press(page, 'Tab');
    stops.push(now);
    if (done(now)) return stops;
  }
  throw new Error(`Tab never reached ${what}; it went through:\n${stops.map((s) => `${s.region}: ${s.label}`).join('\n')}`);
}

const inRegion = (name: string) => (focus: Focus) => focus.region === name;

for (const forcedColors of ['none', 'active'] as const) {
  test(`keyboard only: an exercise from the page's top to its results${forcedColors === 'active' ? ', with forced colours, and axe there' : ''}`, async ({ browser }) => {
    test.setTimeout(180_000);
    const page = await openContext(browser, { forcedColors });
    await page.goto(`/lessons/${exerciseId}/`);
    await workspaceReady(page);

    // From the top: the skip link, the instructions and their hints, then the workspace's Run and Check.
    const toRun = await tabUntil(page, (f) => f.label === 'button "Run"', 'Run');
    expect(toRun[0]!.label).toBe('a "Skip to content"');
    expect(toRun.some((f) => f.label.startsWith('summary "Show a hint'))).toBe(true);
    expect((await press(page, 'Tab')).label).toBe('button "Check"');

    // Files, then its separator, which resizes from the keyboard.
    await tabUntil(page, inRegion('Files'), 'the Files region');
    await tabUntil(page, (f) => f.label === 'div "Resize files"', 'the Files separator');
    const files = page.getByRole('separator', { name: 'Resize files' });
    const before = Number(await files.getAttribute('aria-valuenow'));
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => Number(await files.getAttribute('aria-valuenow'))).toBeGreaterThan(before);

    // The editor keeps Tab (it indents) and says how to leave: Esc, then Tab.
    await tabUntil(page, (f) => f.region === 'Editor' && f.label.includes('Code editor'), 'the editor');
    await expect(page.locator(':focus')).toHaveAccessibleDescription(/Esc then Tab: leave the editor/);
    expect((await press(page, 'Tab')).region).toBe('Editor');
    await page.keyboard.press('Escape');
    expect((await press(page, 'Tab')).label).toBe('div "Resize editor"');

    // The terminal: a command typed and answered; Tab completes; Esc, then Tab leaves.
    await tabUntil(page, (f) => f.region === 'Terminal' && f.label.startsWith('textarea'), 'the shell');
    await expect(page.locator(':focus')).toHaveAccessibleDescription(/Esc then Tab, or Shift\+Tab: leave the terminal/);
    await expect(shell(page)).toContainText('graceful-shutdown', { timeout: 30_000 });
    await page.keyboard.type('echo walk-$((40+2))\n');
    await expect(shell(page)).toContainText('walk-42');
    expect((await press(page, 'Tab')).region).toBe('Terminal');
    await page.keyboard.press('Escape');
    expect((await press(page, 'Tab')).label).toBe('div "Resize terminal"');

    // F6 moves between the workspace's parts from anywhere: to its actions, Run, then on to the Preview it fills.
    expect((await press(page, 'F6')).label).toBe('button "Run"');
    await page.keyboard.press('Enter');
    await expect(previewBody(page)).toContainText('hello', { timeout: 30_000 });
    for (const region of ['Files', 'Editor', 'Terminal']) expect((await press(page, 'F6')).region).toBe(region);
    expect(await press(page, 'F6')).toMatchObject({ region: 'Preview', label: 'input "Address"' });
    expect((await press(page, 'F6')).region).toBe('Results');
    expect((await press(page, 'Shift+F6')).region).toBe('Preview');

    // Check from the keyboard; its results are reached, and what is inside them too.
    for (const region of ['Results', 'Workspace actions']) expect((await press(page, 'F6')).region).toBe(region);
    expect((await press(page, 'Tab')).label).toBe('button "Check"');
    await page.keyboard.press('Enter');
    await expect(results(page)).toHaveAttribute('aria-busy', 'false', { timeout: 90_000 });
    await expect(results(page).locator('.ws-result-fail').first()).toBeVisible();
    for (let i = 0; i < 6 && (await focused(page)).region !== 'Results'; i++) await press(page, 'F6');
    expect(await press(page, 'Tab')).toMatchObject({ region: 'Results', label: expect.stringMatching(/^summary/) });

    if (forcedColors === 'active') {
      const failures = await axeFailures(page, `exercise /lessons/${exerciseId}/ (forced colours)`);
      expect(failures, failures.join('\n')).toEqual([]);
    }
    await page.context().close();
  });
}
