/**
 * Part 4: runner load. Opens as many sandboxes as the runner allows at once (found by opening until it refuses),
 * then has every session write files, run a program, fetch it through the preview host and grade an exercise
 * whose checks assert no timings, all at the same time. Counts failures and processes left behind, and watches
 * the runner's memory.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findMarked } from '../../src/process/marker.ts';
import { RunnerError } from '../../src/runtime/local.ts';
import { withTimeout } from '../../src/runtime/timeout.ts';
import { NotMeasured } from './not-measured.ts';
import { budget, type PartReport } from './part.ts';
import { peakRssBytes, rssBytes, RssSampler } from './process-memory.ts';
import { copyProject } from './project-copy.ts';
import { httpGet } from './http-get.ts';
import { openBenchSession, type BenchSession } from './runner-client.ts';
import { startSiteServer, type RunningServer } from './site-server.ts';
import { formatBytes, formatMs } from './sizes.ts';
import { spread } from './stats.ts';
import { formatTable } from './table.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'load-exercise');
export const LOAD_EXERCISE_ID = 'bench-load/greeting';
/** Opening stops here even if the runner never refuses: a cap this high is a finding in itself. */
const MAX_SESSIONS_TRIED = 64;
const TERMINAL = { cols: 100, rows: 30 };

interface SessionTimes {
  writeMs: number;
  runToReadyMs: number;
  previewMs: number;
  checkMs: number;
  totalMs: number;
}

/** One learner's round: write, run, look at the preview, stop, check. Throws naming the step that failed. */
async function workload({ runtime }: BenchSession, port: number, solution: string): Promise<SessionTimes> {
  const step = async <T>(name: string, work: () => Promise<T>, timeoutMs = 60_000): Promise<[T, number]> => {
    const started = performance.now();
    try {
      return [await withTimeout(work(), timeoutMs, `no answer within ${timeoutMs / 1000} s`), performance.now() - started];
    } catch (error) {
      throw Object.assign(new Error(`${name}: ${(error as Error).message}`), { cause: error });
    }
  };
  const started = performance.now();
  const [, writeMs] = await step('write', async () => {
    await runtime.mount({ 'greet.js': solution, 'notes/load.md': '# notes\n'.repeat(200) });
    await runtime.writeFile('notes/extra.txt', 'written by the runner-load bench\n');
  });
  const [ready, runToReadyMs] = await step('run', async () => {
    const run = await runtime.run(TERMINAL);
    let stopListening = () => {};
    const url = await new Promise<string>((resolve) => {
      stopListening = runtime.onServerReady((readyPort, readyUrl) => readyPort === run.port && resolve(readyUrl));
    }).finally(() => stopListening());
    return { run, url };
  });
  const [, previewMs] = await step('preview', async () => {
    const url = new URL(ready.url);
    const res = await httpGet(port, '/hello?name=Ada', { host: url.host });
    const body = res.body.toString();
    if (res.status !== 200 || body !== 'Hello, Ada!') throw new Error(`expected 200 "Hello, Ada!", got ${res.status} ${JSON.stringify(body.slice(0, 100))}`);
  });
  await step('stop', async () => {
    ready.run.kill();
    await ready.run.exit;
  }, 30_000);
  const [results, checkMs] = await step('check', () => runtime.check(), 180_000);
  if (results.status !== 'pass') {
    const failed = results.tests.filter((t) => t.status !== 'pass').map((t) => `${t.id}: ${t.status}${t.message ? ` (${t.message})` : ''}`);
    throw new Error(`check: expected every check to pass, got ${results.status}${results.message ? `: ${results.message}` : ''}; ${failed.join('; ')}`);
  }
  return { writeMs, runToReadyMs, previewMs, checkMs, totalMs: performance.now() - started };
}

/** Marked processes owned by the runner `pid` (its sandboxes and gradings). */
const runnerProcesses = (pid: number) => findMarked((marker) => marker.startsWith(`${pid}:`));

async function settledLeftovers(pid: number, withinMs: number): Promise<number> {
  const deadline = performance.now() + withinMs;
  for (;;) {
    const left = (await runnerProcesses(pid)).length;
    if (left === 0 || performance.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function measureRunnerLoad(root: string): Promise<PartReport> {
  const copy = copyProject(root, 'runner');
  try {
    const exerciseDir = join(copy.dir, 'sandboxes', ...LOAD_EXERCISE_ID.split('/'));
    cpSync(FIXTURE, exerciseDir, { recursive: true });
    // The server insists on a built site; this part only talks to the runner, so one page will do.
    mkdirSync(join(copy.dir, 'dist'), { recursive: true });
    writeFileSync(join(copy.dir, 'dist', 'index.html'), '<!doctype html><title>runner load</title>\n');
    const solution = readFileSync(join(FIXTURE, 'solution', 'greet.js'), 'utf8');

    const server = await startSiteServer(copy.dir);
    try {
      return await underLoad(server, solution);
    } finally {
      await server.stop();
    }
  } finally {
    copy.remove();
  }
}

async function underLoad(server: RunningServer, solution: string): Promise<PartReport> {
  const { port, pid } = server;
  const baselineRss = (await rssBytes(pid)) ?? 0;

  // One session alone first: it warms the runner up and tells a broken round from a failure under load.
  try {
    const session = await openBenchSession(server, LOAD_EXERCISE_ID);
    try {
      await workload(session, port, solution);
    } finally {
      await session.runtime.dispose();
    }
  } catch (error) {
    if (error instanceof NotMeasured) throw error;
    throw new Error(`a single session, before any load, failed at ${(error as Error).message}`);
  }
  await settledLeftovers(pid, 10_000);

  const sampler = new RssSampler(async () => [pid, ...(await runnerProcesses(pid))]);
  const clients: BenchSession[] = [];
  let refusal = '';
  const openStarted = performance.now();
  while (clients.length < MAX_SESSIONS_TRIED) {
    try {
      clients.push(await openBenchSession(server, LOAD_EXERCISE_ID));
    } catch (error) {
      if (!(error instanceof RunnerError && error.code === 'session-limit')) throw new Error(`opening session ${clients.length + 1} failed: ${(error as Error).message}`);
      refusal = error.message;
      break;
    }
  }
  const openMs = performance.now() - openStarted;

  const failures: string[] = [];
  const times: SessionTimes[] = [];
  const loadStarted = performance.now();
  await Promise.all(
    clients.map(async (client, i) => {
      try {
        times.push(await workload(client, port, solution));
      } catch (error) {
        failures.push(`session ${i + 1}: ${(error as Error).message}`);
      }
    }),
  );
  const loadMs = performance.now() - loadStarted;
  const crash = server.crash();
  if (crash) failures.push(crash);
  for (const [i, client] of clients.entries()) {
    for (const frame of client.invalid) failures.push(`session ${i + 1}: the runner sent a message outside the protocol: ${frame}`);
  }
  await Promise.all(clients.map((c) => c.runtime.dispose()));
  const leftAfterSessions = await settledLeftovers(pid, 10_000);
  const peakTreeRss = sampler.stop();
  const peakRunnerRss = await peakRssBytes(pid);
  await server.stop();
  const leftAfterStop = (await runnerProcesses(pid)).length;

  const sessions = clients.length;
  const completed = times.length;
  const cap = refusal ? `${sessions} (the runner refused session ${sessions + 1} with session-limit)` : `no cap found up to ${MAX_SESSIONS_TRIED}`;
  const row = (what: string, values: number[]) => {
    if (values.length === 0) return [what, '—', '—', '—'];
    const s = spread(values);
    return [what, formatMs(s.p50), formatMs(s.p95), formatMs(s.max)];
  };
  return {
    tables: [
      {
        caption: `exercise ${LOAD_EXERCISE_ID} (bench fixture, no timing checks); concurrent sessions: ${cap}`,
        text: formatTable(
          ['measure', 'value'],
          [
            ['sessions run at once', sessions],
            ['opening them one by one', formatMs(openMs)],
            ['wall time, all sessions', formatMs(loadMs)],
            ['throughput', `${((completed / loadMs) * 60_000).toFixed(1)} sessions/min`],
            ['failures', failures.length],
            ['processes left after sessions ended', leftAfterSessions],
            ['processes left after the server stopped', leftAfterStop],
            ['runner RSS: idle → peak', `${formatBytes(baselineRss)} → ${peakRunnerRss === null ? '—' : formatBytes(peakRunnerRss)}`],
            ['runner + sandboxes RSS, peak (sampled)', formatBytes(peakTreeRss)],
          ],
        ),
      },
      {
        caption: 'per session, under load',
        text: formatTable(
          ['step', 'p50', 'p95', 'max'],
          [
            row('write files', times.map((t) => t.writeMs)),
            row('run → server ready', times.map((t) => t.runToReadyMs)),
            row('preview request', times.map((t) => t.previewMs)),
            row('check (grading)', times.map((t) => t.checkMs)),
            row('whole round', times.map((t) => t.totalMs)),
          ],
        ),
      },
    ],
    budgets: [
      budget('runner load: failures', failures.length === 0, '0', String(failures.length)),
      budget('runner load: processes left behind', leftAfterSessions === 0 && leftAfterStop === 0, '0', `${leftAfterSessions} after sessions, ${leftAfterStop} after stop`),
    ],
    notMeasured: [],
    data: {
      exercise: LOAD_EXERCISE_ID,
      sessions,
      capRefusal: refusal || null,
      openMs,
      loadMs,
      sessionsPerMinute: (completed / loadMs) * 60_000,
      failures,
      processesLeft: { afterSessions: leftAfterSessions, afterServerStop: leftAfterStop },
      runnerRssBytes: { idle: baselineRss, peak: peakRunnerRss },
      peakTreeRssBytes: peakTreeRss,
      perSession: times,
    },
  };
}
