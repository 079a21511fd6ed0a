/**
 * Part 1: page weight in Chromium. What a concept lesson costs to open, and what an exercise page costs before and
 * after its workspace (Monaco, xterm, the runtime) has loaded. Each page opens in a fresh context: a cold cache.
 */
import type { Browser, Page } from '@playwright/test';
import { budget, type PartReport } from './part.ts';
import { RequestLog, type Weight } from './request-log.ts';
import { formatBytes } from './sizes.ts';
import { formatTable } from './table.ts';
import { waitForWorkspace } from './workspace-ready.ts';

export const CONCEPT_JS_BUDGET = 60 * 1024;
export const CONCEPT_CSS_BUDGET = 20 * 1024;
/**
 * Concept-page JS before the header's review count and search box existed: 4,498 B gzip, measured by this part on
 * commit 97689be. What they (and the review state every lesson page keeps) add may be at most 1 KB gzip. The header's
 * code shares the store's chunk (src/progress/page-store.ts), so it is not measured apart.
 */
export const CONCEPT_JS_BEFORE_REVIEW = 4498;
export const REVIEW_ADDED_JS_BUDGET = 1024;

export interface PagesUnderTest {
  origin: string;
  /** Path of a concept lesson page. */
  concept: string;
  /** Path of an exercise page; null when the course has no exercise. */
  exercise: string | null;
  /** Path of the review page. */
  review: string;
}

interface Row {
  page: string;
  when: string;
  weight: Weight;
}

async function openFresh(browser: Browser, url: string, measure: (page: Page, log: RequestLog) => Promise<void>): Promise<void> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const log = new RequestLog(context);
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await measure(page, log);
  } finally {
    await context.close();
  }
}

function weightCells(w: Weight): string[] {
  const pair = (k: keyof Weight['byKind']) => `${formatBytes(w.byKind[k].gzip)} / ${formatBytes(w.byKind[k].raw)}`;
  return [String(w.requests), pair('js'), pair('css'), pair('html'), pair('other'), `${formatBytes(w.total.gzip)} / ${formatBytes(w.total.raw)}`];
}

export async function measurePageWeight(browser: Browser, pages: PagesUnderTest): Promise<PartReport> {
  const rows: Row[] = [];
  const notMeasured: string[] = [];

  await openFresh(browser, pages.origin + pages.concept, async (page, log) => {
    // Anything the page fetches on its own after load (lazy islands, prefetches) is part of opening it.
    await log.settle();
    const seen = new Set<string>();
    rows.push({ page: pages.concept, when: 'on open', weight: await log.snapshot((url) => {
      seen.add(url.href);
      return true;
    }) });
    // Search loads its code, Pagefind and the index parts a query needs only when the learner uses it.
    const term = (await page.locator('main h1').textContent())?.match(/[A-Za-z]{4,}/)?.[0] ?? 'server';
    await page.getByRole('searchbox', { name: 'Search the course' }).fill(term);
    await page.locator('[data-search-status]').filter({ hasText: /./ }).waitFor({ timeout: 30_000 });
    await log.settle();
    rows.push({ page: pages.concept, when: `search for "${term}" (added)`, weight: await log.snapshot((url) => !seen.has(url.href)) });
  });

  await openFresh(browser, pages.origin + pages.review, async (page, log) => {
    await page.locator('[data-review-lessons-section]').waitFor({ timeout: 30_000 });
    await log.settle();
    rows.push({ page: pages.review, when: 'ready (scheduler and items loaded)', weight: await log.snapshot() });
  });

  if (pages.exercise) {
    const path = pages.exercise;
    await openFresh(browser, pages.origin + path, async (page, log) => {
      rows.push({ page: path, when: 'at load event', weight: await log.snapshot() });
      const notReady = await waitForWorkspace(page);
      if (notReady) {
        notMeasured.push(`exercise page after the workspace is ready: ${notReady}`);
        return;
      }
      await log.settle();
      rows.push({ page: path, when: 'workspace ready', weight: await log.snapshot() });
    });
  } else {
    notMeasured.push('exercise page: the course has no published exercise');
  }

  const concept = rows[0]!.weight.byKind;
  return {
    tables: [
      {
        caption: 'bytes are gzip / raw (gzip -6 of each response body); fresh browser context per page',
        text: formatTable(['page', 'when', 'requests', 'JS', 'CSS', 'HTML', 'other', 'total'], rows.map((r) => [r.page, r.when, ...weightCells(r.weight)])),
      },
    ],
    budgets: [
      budget('concept page JS (gzip)', concept.js.gzip <= CONCEPT_JS_BUDGET, `≤ ${formatBytes(CONCEPT_JS_BUDGET)}`, formatBytes(concept.js.gzip)),
      budget('concept page CSS (gzip)', concept.css.gzip <= CONCEPT_CSS_BUDGET, `≤ ${formatBytes(CONCEPT_CSS_BUDGET)}`, formatBytes(concept.css.gzip)),
      budget(
        `concept page JS added by review and search (gzip, over ${CONCEPT_JS_BEFORE_REVIEW} B before them)`,
        concept.js.gzip - CONCEPT_JS_BEFORE_REVIEW <= REVIEW_ADDED_JS_BUDGET,
        `≤ ${REVIEW_ADDED_JS_BUDGET} B`,
        `${concept.js.gzip - CONCEPT_JS_BEFORE_REVIEW} B`,
      ),
    ],
    notMeasured,
    data: { pages: rows },
  };
}
