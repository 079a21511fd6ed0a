/**
 * Hostile learner code against the grading harness (fixtures in tests/fixtures/hostile/): each case ends within
 * its budget as `error`/`fail` with a clear message, output stays capped, and no process of the run survives.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFolderFiles } from '../../src/grading/exercise-files.ts';
import { grade, OUTPUT_LIMITS, type GradeOptions } from '../../src/grading/grade.ts';
import { findMarked, newMarker, underMarker, withMarker } from '../../src/process/marker.ts';
import { isAlive } from '../../src/process/process-group.ts';
import { resultsSchema, type Results } from '../../src/schemas/results.ts';
import { vendor } from '../../scripts/vendor.ts';

const fixtures = join(import.meta.dirname, '../fixtures/hostile');
const exerciseDir = join(fixtures, 'exercise');
const hasProc = process.platform === 'linux';

interface Graded {
  results: Results;
  marker: string;
}

// Workers start from the bundle when it is fresh: several times faster than from TypeScript.
beforeAll(() => vendor());

let lastMarker: string | undefined;
afterEach(async () => {
  // Whatever the learner code did, nothing it started outlives the grading.
  if (hasProc && lastMarker) expect(await findMarked(underMarker(lastMarker))).toEqual([]);
  lastMarker = undefined;
});

/** Grades the fixture's solution with `learners/<name>/` laid over it. */
async function gradeCase(name: string, options: Pick<GradeOptions, 'signal' | 'marker' | 'onProgress'> = {}): Promise<Graded> {
  const learnerFiles = { ...(await readFolderFiles(join(exerciseDir, 'solution'))), ...(await readFolderFiles(join(fixtures, 'learners', name))) };
  return timedGrade({ exerciseDir, learnerFiles, ...options });
}

async function timedGrade(options: GradeOptions): Promise<Graded> {
  const marker = options.marker ?? newMarker('test');
  lastMarker = marker;
  const results = await grade({ ...options, marker });
  expect(resultsSchema.parse(results)).toEqual(results);
  return { results, marker };
}

const byId = (results: Results) => Object.fromEntries(results.tests.map((t) => [t.id, t]));

function expectCapped(results: Results): void {
  let total = 0;
  for (const test of results.tests) {
    const bytes = Buffer.byteLength(test.output ?? '');
    expect(bytes).toBeLessThanOrEqual(OUTPUT_LIMITS.check);
    total += bytes;
  }
  expect(total).toBeLessThanOrEqual(OUTPUT_LIMITS.run);
}

// The fixture allows 3 s per check (several times what its solution needs on a busy machine); a case must end well
// within its 12 s budget.
const CASE_TIMEOUT = 15_000;

describe('hostile learner code', () => {
  it('the fixture solution passes, so every failure below is caused by the case', { timeout: CASE_TIMEOUT }, async () => {
    const { results } = await timedGrade({ exerciseDir });
    expect(results.status).toBe('pass');
    expect(results.tests.map((t) => t.id)).toEqual(['adds', 'serves-sum', 'serves-ok']);
  });

  it('a syntax error is a run-level error naming file and line, before any check runs', { timeout: CASE_TIMEOUT }, async () => {
    const { results } = await gradeCase('syntax-error');
    expect(results.status).toBe('error');
    expect(results.message).toMatch(/^Your code could not be loaded: server\.js:3: SyntaxError: Unexpected token ';'\nconst port = ;/);
    expect(results.tests).toEqual([]);
  });

  it('an endless loop at import is a run-level error after one check timeout', { timeout: CASE_TIMEOUT }, async () => {
    const { results } = await gradeCase('loop-at-import');
    expect(results.status).toBe('error');
    expect(results.message).toBe('Your code could not be loaded: Importing lib.js did not finish within 3 s: is there an endless loop in code that runs at startup?');
    // One check timed out and the two after it never started.
    expect(results.tests.map((t) => [t.id, t.status])).toEqual([['adds', 'error']]);
  });

  it('an endless loop in a request handler times out that check only; the others still run', { timeout: CASE_TIMEOUT }, async () => {
    const { results } = await gradeCase('loop-in-handler');
    expect(results.status).toBe('fail');
    const tests = byId(results);
    expect(tests['serves-sum']).toMatchObject({
      status: 'error',
      message: 'The check did not finish within 3 s (it was waiting for a response to GET /sum?a=2&b=3).',
    });
    expect(tests.adds!.status).toBe('pass');
    expect(tests['serves-ok']!.status).toBe('pass');
  });

  it('a program that crashes at startup: the check names the error and the line', { timeout: CASE_TIMEOUT }, async () => {
    const { results } = await gradeCase('crash-at-start');
    // lib.js was already tested by an earlier check, so this is the server checks' error, not a run-level one.
    expect(results.status).toBe('fail');
    expect(byId(results)['serves-sum']).toMatchObject({ status: 'error' });
    expect(byId(results)['serves-sum']!.message).toMatch(/^`node server\.js` exited with code 1 before it accepted connections on PORT: server\.js:3: SyntaxError: /);
  });

  it('endless printing is capped per check and per run, and the program that never listens is reported', { timeout: CASE_TIMEOUT }, async () => {
    const { results } = await gradeCase('endless-printing');
    expectCapped(results);
    const sum = byId(results)['serves-sum']!;
    expect(sum.status).toBe('error');
    // The check's own wait for the port, or (when the flood starves the check's process) the check's time limit.
    expect(sum.message).toMatch(/did not accept connections on PORT \(\d+\) within [\d.]+ s|^Starting `node server\.js` did not finish within 3 s/);
    expect(sum.output).toMatch(/^still starting up, please wait\.\.\.\n/);
    expect(sum.output).toMatch(/… \d+ bytes of output not shown …/);
  });

  it('one huge line is capped and the checks still pass', { timeout: CASE_TIMEOUT }, async () => {
    const { results } = await gradeCase('huge-line');
    expect(results.status).toBe('pass');
    expectCapped(results);
    expect(byId(results)['serves-sum']!.output).toMatch(/^x+\n… \d+ bytes of output not shown …\nx+$/);
  });

  it("a learner file named like a check neither replaces nor adds a check", { timeout: CASE_TIMEOUT }, async () => {
    const { results } = await gradeCase('check-named');
    expect(results.tests.map((t) => t.id)).toEqual(['adds', 'serves-sum', 'serves-ok']);
    expect(byId(results).adds).toMatchObject({ status: 'fail', message: 'add(2, 3): expected 5, got 6' });
  });

  it.runIf(hasProc)('children that setsid out of the process group are ended; a Run program is left alone', { timeout: CASE_TIMEOUT }, async () => {
    // Stands for a program the learner started with Run: marked by its own session, not by the grading.
    const runProgram = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e6)'], {
      env: withMarker(process.env, newMarker('session')),
      stdio: 'ignore',
    });
    try {
      const { results, marker } = await gradeCase('forks-setsid');
      expect(results.status).toBe('pass');
      // The printed pids are the escapees' own view, which inside a PID namespace is not the machine's: count them,
      // and find the survivors by the grading's marker, which setsid keeps.
      const escapees = results.tests.flatMap((t) => [...(t.output ?? '').matchAll(/escapee (\d+)/g)]);
      expect(escapees.length).toBe(6); // two server checks, three escapees each
      await vi.waitFor(async () => expect(await findMarked(underMarker(marker))).toEqual([]), { timeout: 2000, interval: 50 });
      expect(isAlive(runProgram.pid!)).toBe(true);
    } finally {
      runProgram.kill('SIGKILL');
    }
  });

  it('running out of the grading budget is a run-level error that says so', { timeout: CASE_TIMEOUT }, async () => {
    const { results } = await timedGrade({ exerciseDir: join(fixtures, 'budget'), learnerFiles: {} });
    expect(results.status).toBe('error');
    // Where exactly the budget ends depends on how long preparing took on a busy machine.
    expect(results.message).toMatch(/^Grading stopped: all checks together may take 2\.5 s, and that time ran out/);
    // Each check that ran used its whole second or was cut short by the budget.
    const timedOut = { status: 'error', message: 'The check did not finish within 1 s.' };
    const cutShort = { status: 'error', message: 'Stopped: the time for all checks together ran out.' };
    for (const test of results.tests) expect([timedOut, cutShort]).toContainEqual({ status: test.status, message: test.message });
    // 2.5 s cannot hold three checks of 1 s each: the last check is cut short or never starts.
    expect(results.tests.filter((t) => t.message === timedOut.message).length).toBeLessThan(3);
  });

  it('an abort ends the run at once with a run-level error', { timeout: CASE_TIMEOUT }, async () => {
    const controller = new AbortController();
    const marker = newMarker('test');
    let settled = false;
    let running = false;
    const onProgress: GradeOptions['onProgress'] = (event) => (running ||= event.type === 'running');
    const grading = gradeCase('loop-at-import', { signal: controller.signal, marker, onProgress }).finally(() => (settled = true));
    // Abort once the first check runs in its process (the import it makes never returns): only the abort can end
    // that check before its 3 s limit. (Its process starts earlier, while the checks are listed.)
    const firstCheck = underMarker(`${marker}:check-0`);
    while (!settled && !(running && (await findMarked(firstCheck)).length > 0)) await delay(10);
    const abortedAt = performance.now();
    controller.abort();
    const { results } = await grading;
    // No verdict at all: the first check was cut off, not left to reach its limit.
    expect(results).toEqual({ version: 1, status: 'error', message: 'Grading was stopped before it finished.', tests: [] });
    expect(performance.now() - abortedAt).toBeLessThan(1500);
  });
});

describe('learner code imported into the check process', () => {
  it('cannot forge a passing result by replacing JSON.stringify or stdout', async () => {
    const exercise = join(import.meta.dirname, '../../sandboxes/message-queues/idempotent-consumer');
    const starter = await readFolderFiles(join(exercise, 'starter'));
    const forge = [
      'const realStringify = JSON.stringify;',
      "JSON.stringify = (v, ...r) => realStringify(v && v.type === 'result' ? { type: 'result', outcome: { status: 'pass' } } : v, ...r);",
      'process.stdout.write = () => true;',
    ].join('\n');
    const { results } = await timedGrade({ exerciseDir: exercise, learnerFiles: { 'consumer.js': `${forge}\n${starter['consumer.js']}` } });
    expect(results.status).toBe('fail');
    expect(results.tests.filter((t) => t.status === 'pass').length).toBeLessThan(results.tests.length);
  });
});
