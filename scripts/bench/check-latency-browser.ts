/**
 * Check latency in the browser, on the local runtime: for each exercise, one page at 1280×800 in a fresh context
 * presses Check `runs` times on the starter, then shows the solution (the page's own Show solution) and presses Check
 * `runs` times more. Each press is timed in the page, from the click to the first verdict in the Results list and to
 * the results rendered, and the first verdict is noted as in view or not (the target is: without scrolling).
 */
import { loadavg } from 'node:os';
import type { Browser, Page } from '@playwright/test';
import { NotMeasured } from './not-measured.ts';
import { checkLatencyReport, type Timing } from './check-latency.ts';
import { loggedInContext } from './interaction-latency.ts';
import { budget, type PartReport } from './part.ts';
import { formatMs } from './sizes.ts';
import { median } from './stats.ts';
import type { RunningServer } from './site-server.ts';
import { waitForWorkspace } from './workspace-ready.ts';

const CHECK_TIMEOUT_MS = 180_000;
const VIEWPORT = { width: 1280, height: 800 };

interface Press {
  firstMs: number;
  lastMs: number;
  /** The first verdict's item lay inside the viewport when it appeared. */
  inView: boolean;
}

/**
 * Clicks Check and times it inside the page, from DOM changes as they happen (a MutationObserver: polling every
 * animation frame would keep Chromium painting, and take the CPU the checks need); the paint follows within a
 * frame. Verdicts left from an earlier press do not count.
 */
function pressCheck(page: Page): Promise<Press> {
  return page.evaluate(
    (timeoutMs) =>
      new Promise<Press>((resolve, reject) => {
        const region = document.querySelector<HTMLElement>('[data-results]')!;
        const list = document.querySelector<HTMLElement>('[data-results-list]')!;
        const earlier = new Set(list.children);
        const verdict = () =>
          [...list.children].find((li) => !earlier.has(li) && ['pass', 'fail', 'error'].includes((li as HTMLElement).dataset.state ?? ''));
        let first: { ms: number; inView: boolean } | undefined;
        const observer = new MutationObserver(() => {
          const ms = performance.now() - started;
          const item = first ? undefined : verdict();
          if (item) {
            const box = item.getBoundingClientRect();
            // Layout is in fractions of a pixel: an item scrolled to the bottom edge may end 0.4 px past it.
            first = { ms, inView: box.top >= -1 && box.bottom <= innerHeight + 1 };
          }
          if (region.getAttribute('aria-busy') !== 'false') return;
          observer.disconnect();
          clearTimeout(timer);
          resolve({ firstMs: first?.ms ?? ms, lastMs: ms, inView: first?.inView ?? true });
        });
        observer.observe(region, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-busy', 'data-state'] });
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`Check showed no results within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        const started = performance.now();
        document.querySelector<HTMLButtonElement>('[data-action="check"]')!.click();
      }),
    CHECK_TIMEOUT_MS,
  );
}

async function timePresses(page: Page, exercise: string, variant: Timing['variant'], runs: number, outOfView: string[]): Promise<Timing> {
  const timing: Timing = { exercise, variant, load: loadavg()[0]!, firstMs: [], lastMs: [] };
  for (let run = 1; run <= runs; run++) {
    const press = await pressCheck(page);
    timing.firstMs.push(press.firstMs);
    timing.lastMs.push(press.lastMs);
    if (!press.inView) outOfView.push(`${exercise} ${variant}, press ${run}`);
  }
  console.log(`  ${exercise} ${variant} (browser): first ${formatMs(median(timing.firstMs))}, last ${formatMs(median(timing.lastMs))} (load ${timing.load.toFixed(2)})`);
  return timing;
}

async function measureExercise(browser: Browser, server: RunningServer, exercise: string, runs: number, outOfView: string[]): Promise<Timing[]> {
  const context = await loggedInContext(browser, server, { serviceWorkers: 'block', viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    // Show solution asks before it replaces the learner's code.
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${server.origin}/lessons/${exercise}/?runtime=local`);
    const notReady = await waitForWorkspace(page);
    if (notReady) throw new NotMeasured(`${exercise}: ${notReady}`);
    // Run and Check work once the sandbox is up.
    await page.locator('[data-workspace][data-ready="true"]').waitFor({ timeout: 60_000 });
    const starter = await timePresses(page, exercise, 'starter', runs, outOfView);
    await page.locator('[data-action="solution"]').click();
    const solution = await timePresses(page, exercise, 'solution', runs, outOfView);
    return [starter, solution];
  } finally {
    await context.close();
  }
}

export async function measureBrowserCheckLatency(browser: Browser, server: RunningServer, exercises: string[], runs: number): Promise<PartReport> {
  const timings: Timing[] = [];
  const outOfView: string[] = [];
  for (const exercise of exercises) timings.push(...(await measureExercise(browser, server, exercise, runs, outOfView)));
  const report = checkLatencyReport(
    timings,
    `Check in Chromium at ${VIEWPORT.width}×${VIEWPORT.height} on the local runtime, ${runs} presses per variant in one page; load = 1-minute load average when the variant started`,
    [],
  );
  const presses = timings.length * runs;
  report.budgets.push(budget(`first verdict in view at ${VIEWPORT.width}×${VIEWPORT.height}`, outOfView.length === 0, 'every press', `${presses - outOfView.length} of ${presses} presses`));
  if (outOfView.length) report.tables.push({ caption: 'first verdict shown outside the viewport', text: outOfView.join('\n') });
  return report;
}
