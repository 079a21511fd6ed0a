/**
 * Part 3: interaction latency on the local runtime in Chromium. Each run opens the exercise page in a fresh
 * context (cold cache, new sandbox) and times, until the result is on screen:
 *   page open → the shell's prompt in the Terminal region;
 *   Run clicked → the program's first output line in the Terminal region;
 *   Check clicked → the first check's verdict in the Results list (verdicts stream in as each check ends);
 *   Check clicked → the results in the Results region.
 * The runner's WebSocket frames tell what text to wait for; the clock stops when the page shows it.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from '@playwright/test';
import { tokenLink } from '../../src/runner/token.ts';
import { RUNNER_PATH, serverMessageSchema, type ServerMessage } from '../../src/schemas/runner.ts';
import { MessageLog } from './message-log.ts';
import { NotMeasured } from './not-measured.ts';
import type { PartReport } from './part.ts';
import { formatMs } from './sizes.ts';
import { spread } from './stats.ts';
import { formatTable } from './table.ts';
import { collapseWhitespace, firstLine, promptAtEnd } from './terminal-text.ts';
import type { RunningServer } from './site-server.ts';
import { waitForWorkspace } from './workspace-ready.ts';

const STEP_TIMEOUT_MS = 60_000;

interface RunTimes {
  openToPromptMs: number;
  runToOutputMs: number;
  checkToFirstVerdictMs: number;
  checkToResultsMs: number;
}

type Of<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

/** The runner's frames to this page, validated. */
function recordRunnerFrames(page: Page): MessageLog<ServerMessage> {
  const log = new MessageLog<ServerMessage>();
  page.on('websocket', (ws) => {
    if (!new URL(ws.url()).pathname.endsWith(RUNNER_PATH)) return;
    ws.on('framereceived', ({ payload }) => {
      let json: unknown;
      try {
        json = JSON.parse(payload.toString());
      } catch {
        return;
      }
      const parsed = serverMessageSchema.safeParse(json);
      if (parsed.success) log.push(parsed.data);
    });
    ws.on('close', () => log.fail(new Error('the runner connection closed')));
  });
  return log;
}

/** Resolves when the region's visible text satisfies the condition (checked every animation frame). */
async function waitForRegionText(region: Locator, contains: string, differsFrom: string | null, what: string): Promise<void> {
  const handle = await region.elementHandle({ timeout: STEP_TIMEOUT_MS });
  const wanted = collapseWhitespace(contains);
  try {
    await region.page().waitForFunction(
      ({ el, wanted, differsFrom }) => {
        // collapseWhitespace, inlined: this runs in the page.
        const text = (el as HTMLElement).innerText.replace(/[\s\u00a0]+/g, ' ').trim();
        return text.includes(wanted) && text !== differsFrom;
      },
      { el: handle, wanted, differsFrom },
      { polling: 'raf', timeout: STEP_TIMEOUT_MS },
    );
  } catch {
    throw new Error(`the ${what} region never showed "${wanted}"`);
  }
}

/** Resolves when some item of the Results list shows a verdict (pass, fail or error), checked every animation frame. */
async function firstVerdictShown(page: Page): Promise<void> {
  try {
    await page.waitForFunction(
      () => [...document.querySelectorAll<HTMLElement>('[data-results-list] > li')].some((li) => ['pass', 'fail', 'error'].includes(li.dataset.state ?? '')),
      undefined,
      { polling: 'raf', timeout: STEP_TIMEOUT_MS * 3 },
    );
  } catch {
    throw new Error('the Results list never showed a verdict');
  }
}

async function regionText(region: Locator): Promise<string> {
  return collapseWhitespace(await region.innerText());
}

/**
 * A fresh browser context that has visited the server's token link, as a learner's browser has: the runner cookie
 * is set through the context's own request client (which shares its cookies), so no page load is added to a timing.
 */
export async function loggedInContext(browser: Browser, server: RunningServer, options: BrowserContextOptions): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  const login = await context.request.get(tokenLink(server.origin, server.token), { maxRedirects: 0 });
  if (login.status() !== 302) {
    await context.close();
    throw new NotMeasured(`the server's token link answered ${login.status()}, not a redirect with the runner cookie`);
  }
  return context;
}

/** One open → prompt → Run → output → Check → results round in a fresh context. */
async function oneRun(browser: Browser, server: RunningServer, url: string): Promise<RunTimes> {
  const context = await loggedInContext(browser, server, { serviceWorkers: 'block', viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    const frames = recordRunnerFrames(page);
    const terminal = page.getByRole('region', { name: 'Terminal' });
    const results = page.getByRole('region', { name: 'Results' });

    const opened = performance.now();
    await page.goto(url, { waitUntil: 'commit' });
    const shell = await frames.waitFor((m): m is Of<'spawned'> => m.type === 'spawned' && m.kind === 'shell', 'shell started by the page', STEP_TIMEOUT_MS);
    let shellOutput = '';
    await frames.waitFor(
      (m) => m.type === 'output' && m.pty === shell.pty && promptAtEnd((shellOutput += m.data)) !== null,
      'shell prompt',
      STEP_TIMEOUT_MS,
    );
    await waitForRegionText(terminal, promptAtEnd(shellOutput)!, null, 'Terminal');
    const openToPromptMs = performance.now() - opened;

    let after = frames.size;
    const runClicked = performance.now();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const run = await frames.waitFor((m): m is Of<'spawned'> => m.type === 'spawned' && m.kind === 'run', 'program started by Run', STEP_TIMEOUT_MS, after);
    const output = await frames.waitFor(
      (m): m is Of<'output'> => m.type === 'output' && m.pty === run.pty && firstLine(m.data) !== null,
      'output from the program',
      STEP_TIMEOUT_MS,
      after,
    );
    await waitForRegionText(terminal, firstLine(output.data)!, null, 'Terminal');
    const runToOutputMs = performance.now() - runClicked;

    const before = await regionText(results);
    after = frames.size;
    const checkClicked = performance.now();
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    const firstVerdict = firstVerdictShown(page).then(() => performance.now() - checkClicked);
    const graded = await frames.waitFor((m): m is Of<'results'> => m.type === 'results', 'results from Check', STEP_TIMEOUT_MS * 3, after);
    const shown = graded.results.tests[0]?.name ?? graded.results.message ?? '';
    await waitForRegionText(results, shown, before, 'Results');
    const checkToResultsMs = performance.now() - checkClicked;
    const checkToFirstVerdictMs = await firstVerdict;

    return { openToPromptMs, runToOutputMs, checkToFirstVerdictMs, checkToResultsMs };
  } finally {
    await context.close();
  }
}

/** A first, uncounted open that finds out whether the page can be measured at all (and warms the server up). */
async function precheck(browser: Browser, server: RunningServer, url: string): Promise<void> {
  const context = await loggedInContext(browser, server, { serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    const notReady = await waitForWorkspace(page);
    if (notReady) throw new NotMeasured(notReady);
    for (const name of ['Terminal', 'Results']) {
      if ((await page.getByRole('region', { name }).count()) !== 1) throw new NotMeasured(`the exercise page has no single region named "${name}"`);
    }
    for (const name of ['Run', 'Check']) {
      if ((await page.getByRole('button', { name, exact: true }).count()) !== 1) throw new NotMeasured(`the exercise page has no single "${name}" button`);
    }
  } finally {
    await context.close();
  }
}

export async function measureInteractionLatency(browser: Browser, server: RunningServer, exercisePath: string, runs: number): Promise<PartReport> {
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`interaction latency needs a whole number of runs, got ${runs}`);
  // Forced, so a machine that could also boot WebContainer still measures the local runtime.
  const url = `${server.origin}${exercisePath}?runtime=local`;
  await precheck(browser, server, url);
  const times: RunTimes[] = [];
  const failures: string[] = [];
  for (let i = 1; i <= runs; i++) {
    try {
      times.push(await oneRun(browser, server, url));
    } catch (error) {
      // Playwright appends a call log to its errors; the first line says what went wrong.
      failures.push(`run ${i}: ${(error as Error).message.split('\n', 1)[0]}`);
      const crash = server.crash();
      if (crash) throw new Error(`during run ${i} (${times.length} completed): ${crash}`);
    }
  }
  if (times.length === 0) throw new Error(`every run failed; the first: ${failures[0]}`);
  const metrics = [
    ['page open → terminal prompt', times.map((t) => t.openToPromptMs)],
    ['Run → first server output', times.map((t) => t.runToOutputMs)],
    ['Check → first verdict shown', times.map((t) => t.checkToFirstVerdictMs)],
    ['Check → results rendered', times.map((t) => t.checkToResultsMs)],
  ] as const;
  return {
    tables: [
      {
        caption: `${exercisePath} on the local runtime; ${times.length} of ${runs} runs completed, each in a fresh browser context`,
        text: formatTable(
          ['interaction', 'p50', 'p95', 'min', 'max'],
          metrics.map(([what, values]) => {
            const s = spread(values);
            return [what, formatMs(s.p50), formatMs(s.p95), formatMs(s.min), formatMs(s.max)];
          }),
        ),
      },
    ],
    budgets: [],
    notMeasured: failures.map((f) => `interaction latency, ${f}`),
    data: {
      exercise: exercisePath,
      runs,
      completed: times.length,
      failures,
      summary: Object.fromEntries(metrics.map(([what, values]) => [what, spread(values)])),
      perRun: times,
    },
  };
}
