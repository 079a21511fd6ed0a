// `npm run bench`: page weight, course-size scaling, interaction latency, runner load, check latency (through grade()
// and in Chromium) and sandbox package sizes. Prints a table per part and writes bench/results.json. A part whose
// prerequisite is missing prints "not measured: <reason>" and the rest go on. Exit code 1 only when a part broke
// unexpectedly; budgets are reported, not enforced.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from '@playwright/test';
import { launchChromium } from './bench/browser.ts';
import { buildSite, BuildFailed } from './bench/build-site.ts';
import { measureCheckLatency } from './bench/check-latency.ts';
import { measureBrowserCheckLatency } from './bench/check-latency-browser.ts';
import { measureCourseScaling } from './bench/course-scaling.ts';
import { measureInteractionLatency } from './bench/interaction-latency.ts';
import { describeMachine, formatMachine } from './bench/machine.ts';
import { NotMeasured } from './bench/not-measured.ts';
import type { PartReport } from './bench/part.ts';
import { measurePackageSizes } from './bench/package-sizes.ts';
import { measurePageWeight } from './bench/page-weight.ts';
import { pickLesson } from './bench/pick-lesson.ts';
import { copyProject, type ProjectCopy } from './bench/project-copy.ts';
import { measureRunnerLoad } from './bench/runner-load.ts';
import { startSiteServer, type RunningServer } from './bench/site-server.ts';
import { warmServer, type WarmUp } from './bench/warm-server.ts';
import { formatMs } from './bench/sizes.ts';
import { exerciseId } from '../src/schemas/common.ts';
import { findExercises } from '../src/course/layout.ts';

const PARTS = ['page-weight', 'course-scaling', 'latency', 'runner-load', 'check-latency', 'check-latency-browser', 'packages'] as const;
type PartName = (typeof PARTS)[number];
/** Runs per measurement unless --runs says otherwise: each check-latency run (CLI or browser) grades a whole exercise. */
const LATENCY_RUNS = 10;
const CHECK_RUNS = 5;
const TITLES: Record<PartName, string> = {
  'page-weight': '1. Page weight (Chromium)',
  'course-scaling': '2. Course-size scaling',
  latency: '3. Interaction latency (local runtime, Chromium)',
  'runner-load': '4. Runner load',
  'check-latency': '5. Check → first and last verdict (CLI path)',
  'check-latency-browser': '6. Check → first and last verdict (browser, local runtime)',
  packages: '7. Sandbox packages (bytes)',
};

type Outcome = ({ status: 'measured' } & PartReport) | { status: 'not measured'; reason: string } | { status: 'error'; error: string };

function usage(problem: string): never {
  console.error(`bench: ${problem}
usage: npm run bench -- [--only|--part ${PARTS.join(',')}] [--exercise <slug>/<exercise>] [--runs N] [--sizes 10,50,200]`);
  process.exit(2);
}

function parseOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        only: { type: 'string' },
        part: { type: 'string' },
        exercise: { type: 'string' },
        runs: { type: 'string' },
        sizes: { type: 'string', default: '10,50,200' },
        packages: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    usage((error as Error).message);
  }
  if (values.only && values.part) usage('give --only or --part, not both');
  const chosen = values.only ?? values.part ?? (values.exercise ? 'check-latency,check-latency-browser' : undefined);
  const only = chosen ? chosen.split(',').map((s) => s.trim()) : [...PARTS];
  const unknown = only.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown.length) usage(`--only: unknown part ${unknown.map((u) => `"${u}"`).join(', ')}`);
  const runs = values.runs === undefined ? undefined : Number(values.runs);
  if (runs !== undefined && (!Number.isInteger(runs) || runs < 1)) usage(`--runs must be a whole number of at least 1, got "${values.runs}"`);
  if (values.exercise !== undefined && !exerciseId.safeParse(values.exercise).success) usage(`--exercise: expected <slug>/<exercise>, got "${values.exercise}"`);
  const sizes = values.sizes.split(',').map(Number);
  if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 1)) usage(`--sizes must list at least two whole numbers, like 10,50,200; got "${values.sizes}"`);
  // --packages names packages to weigh besides (or before) any exercise declares them.
  const packages = values.packages?.split(',').map((s) => s.trim()).filter(Boolean);
  return { only: new Set(only as PartName[]), runs, sizes, exercise: values.exercise, packages };
}

function failed(error: unknown): Outcome {
  if (error instanceof NotMeasured) return { status: 'not measured', reason: error.message };
  return { status: 'error', error: (error as Error).stack ?? String(error) };
}

async function attempt(run: () => Promise<PartReport>): Promise<Outcome> {
  try {
    return { status: 'measured', ...(await run()) };
  } catch (error) {
    return failed(error);
  }
}

function print(name: PartName, outcome: Outcome): void {
  console.log(`\n== ${TITLES[name]} ==`);
  if (outcome.status === 'not measured') return console.log(`not measured: ${outcome.reason}`);
  if (outcome.status === 'error') return console.log(`ERROR: ${outcome.error}`);
  for (const table of outcome.tables) console.log(`(${table.caption})\n${table.text}\n`);
  for (const line of outcome.notMeasured) console.log(`not measured: ${line}`);
  for (const b of outcome.budgets) console.log(`${b.pass ? 'PASS' : 'FAIL'}  ${b.what}: ${b.actual} (budget ${b.limit})`);
}

/** The real course, built in a copy and served by the project's own server: what parts 1 and 3 open. */
interface Site {
  server: RunningServer;
  conceptPath: string;
  exercisePath: string | null;
  buildMs: number;
  warmUp: WarmUp;
}

/** The URL path of a page the build wrote as `<dist>/<segments>/index.html`, or null if it wrote none. */
function builtPage(dist: string, ...segments: string[]): string | null {
  return existsSync(join(dist, ...segments, 'index.html')) ? `/${segments.join('/')}/` : null;
}

async function prepareSite(copy: ProjectCopy): Promise<Site> {
  let buildMs;
  try {
    buildMs = buildSite(copy.dir).ms;
  } catch (error) {
    if (error instanceof BuildFailed) throw new NotMeasured(`the site does not build: ${error.message}`);
    throw error;
  }
  const lesson = await pickLesson(copy.dir);
  const dist = join(copy.dir, 'dist');
  const conceptPath = builtPage(dist, 'lessons', lesson.slug);
  if (!conceptPath) throw new Error(`the build wrote no page for lessons/${lesson.slug}.mdx`);
  const exercise = lesson.exercises[0];
  const exercisePath = exercise ? builtPage(dist, 'lessons', lesson.slug, exercise) : null;
  const server = await startSiteServer(copy.dir);
  try {
    return { server, buildMs, conceptPath, exercisePath, warmUp: await warmServer(server.port, dist) };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

const root = resolve(import.meta.dirname, '..');
const options = parseOptions();
// Exit through 'exit' handlers on Ctrl-C, so temporary copies and servers go too.
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));
const machine = describeMachine();
const started = performance.now();
console.log(`archlab bench on ${formatMachine(machine)}`);

const outcomes: Partial<Record<PartName, Outcome>> = {};
const info: Record<string, unknown> = {};

if (options.only.has('page-weight') || options.only.has('latency') || options.only.has('check-latency-browser')) {
  const copy = copyProject(root, 'site');
  let site: Site | undefined;
  let browser: Browser | undefined;
  try {
    console.log('building the course for the browser parts…');
    let unavailable: Outcome | undefined;
    try {
      site = await prepareSite(copy);
      const { warmUp } = site;
      console.log(`built in ${formatMs(site.buildMs)}, served at ${site.server.origin}`);
      console.log(
        `first request of each of ${warmUp.files} files (the server compresses on first request): ${formatMs(warmUp.ms)} in all, slowest ${warmUp.slowest.path} ${formatMs(warmUp.slowest.ms)}`,
      );
      browser = await launchChromium();
      info.siteBuildMs = site.buildMs;
      info.serverWarmUp = warmUp;
      info.chromium = browser.version();
    } catch (error) {
      unavailable = failed(error);
    }
    if (options.only.has('page-weight')) {
      outcomes['page-weight'] =
        unavailable ??
        (await attempt(() =>
          measurePageWeight(browser!, { origin: site!.server.origin, concept: site!.conceptPath, exercise: site!.exercisePath, review: '/review/' }),
        ));
      print('page-weight', outcomes['page-weight']);
    }
    if (options.only.has('latency')) {
      const exercisePath = site?.exercisePath;
      outcomes.latency =
        unavailable ??
        (exercisePath
          ? await attempt(() => measureInteractionLatency(browser!, site!.server, exercisePath, options.runs ?? LATENCY_RUNS))
          : { status: 'not measured', reason: 'the course has no published exercise' });
      print('latency', outcomes.latency);
    }
    if (options.only.has('check-latency-browser')) {
      console.log('\npressing Check on each exercise\'s starter and solution in Chromium…');
      const exercises = options.exercise ? [options.exercise] : findExercises(root);
      outcomes['check-latency-browser'] =
        unavailable ?? (await attempt(() => measureBrowserCheckLatency(browser!, site!.server, exercises, options.runs ?? CHECK_RUNS)));
      print('check-latency-browser', outcomes['check-latency-browser']);
    }
  } finally {
    await browser?.close();
    await site?.server.stop();
    copy.remove();
  }
}

if (options.only.has('course-scaling')) {
  console.log(`\nbuilding synthetic courses of ${options.sizes.join(', ')} lessons…`);
  outcomes['course-scaling'] = await attempt(() => measureCourseScaling(root, options.sizes));
  print('course-scaling', outcomes['course-scaling']);
}

if (options.only.has('check-latency')) {
  console.log('\ngrading each exercise\'s solution and starter…');
  outcomes['check-latency'] = await attempt(() => measureCheckLatency(root, { runs: options.runs ?? CHECK_RUNS, exercise: options.exercise }));
  print('check-latency', outcomes['check-latency']);
}

if (options.only.has('runner-load')) {
  outcomes['runner-load'] = await attempt(() => measureRunnerLoad(root));
  print('runner-load', outcomes['runner-load']);
}

if (options.only.has('packages')) {
  outcomes.packages = await attempt(() => measurePackageSizes(root, options.packages));
  print('packages', outcomes.packages);
}

const durationMs = performance.now() - started;
const outDir = join(root, 'bench');
mkdirSync(outDir, { recursive: true });
const resultsFile = join(outDir, 'results.json');
writeFileSync(resultsFile, `${JSON.stringify({ version: 1, date: new Date().toISOString(), durationMs, machine, ...info, parts: outcomes }, null, 2)}\n`);

const budgets = Object.values(outcomes).flatMap((o) => (o.status === 'measured' ? o.budgets : []));
const verdict = budgets.length ? `${budgets.filter((b) => b.pass).length} of ${budgets.length} budgets met` : 'no budgets in the parts run';
console.log(`\n${verdict}; bench took ${formatMs(durationMs)}; wrote ${resultsFile}`);
process.exit(Object.values(outcomes).some((o) => o.status === 'error') ? 1 : 0);
