import { readFileSync } from 'node:fs';

// Known answers: the number of primes below each limit.
const PRIMES_BELOW = { 100000: 9592, 200000: 17984, 500000: 41538, 1000000: 78498 };
// Solution: /health answers in well under 50 ms while a job runs. Starter: it waits for the job (hours).
const HEALTH_LIMIT_MS = 500;
// How long to wait for /health before calling it blocked: 4× the limit.
const HEALTH_WAIT_MS = 2000;
const RUNAWAY = '/primes?below=1000000000'; // would take hours
// With JOB_TIMEOUT_MS=500 the solution answers it ~0.55 s after the request (deadline + thread start); 5 s is 9×
// that. Checks with a longer deadline wait that deadline plus 5 s.
const ANSWER_WITHIN_MS = 5000;
// A job queued behind a 1 s runaway: the solution answers it within about 1 s of being sent (what is left of the
// runaway's deadline, then a fresh thread); 8 s leaves 7 s for what follows the deadline, many times what it takes.
const QUEUED_ANSWER_WITHIN_MS = 8000;
// A count still computing ticks every 50 ms (primes.js). worker.terminate() stops it within milliseconds of the 503,
// so 500 ms without a tick (10 missed ticks) says it stopped; one still ticking 2.5 s after the 503 never stopped.
const QUIET_MS = 500;
const STOP_WITHIN_MS = 2500;

/** A fresh file for primes.js to report progress to (see PRIMES_PROGRESS_FILE there). */
const progressFile = (t) => `${t.dir}/primes-progress-${Math.random().toString(36).slice(2)}.txt`;

/** The progress lines so far, as { job, event, limit }; a job is `<limit>-<random>`, one per countPrimes call. */
function readProgress(path) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err.code === 'ENOENT') return [];
    throw err;
  }
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [job, event] = line.split(' ');
      return { job, event, limit: Number(job.split('-')[0]) };
    });
}

/** The most counts computing at once: a count computes from its "start" line to its last line (a terminated one never writes "end"). */
function mostAtOnce(lines) {
  const lastLine = new Map(lines.map(({ job }, i) => [job, i]));
  let computing = 0;
  let most = 0;
  lines.forEach(({ job, event }, i) => {
    if (event === 'start') most = Math.max(most, ++computing);
    if (lastLine.get(job) === i) computing -= 1;
  });
  return most;
}

const startedLimits = (lines) => lines.filter((l) => l.event === 'start').map((l) => l.limit).sort((a, b) => a - b);

/** Fails unless countPrimes from primes.js ran for `limits`: the checks can only watch the work through it. */
function assertCounted(t, lines, limits) {
  const started = startedLimits(lines);
  const expected = [...limits].sort((a, b) => a - b);
  t.assert.ok(
    expected.every((limit) => started.includes(limit)),
    'These checks watch the work through countPrimes in primes.js: call it (in worker.js) for every job rather than a copy of it.',
    { expected: `countPrimes called for ${expected.join(', ')}`, actual: started.length ? `called for ${started.join(', ')}` : 'never called' },
  );
}

/** Waits until countPrimes has started for each of `limits` (at most `within` ms), fails unless it has; returns the lines. */
async function waitForCounts(t, progress, limits, within = 10000) {
  const lines = await t
    .eventually(async () => readProgress(progress), { within, until: (l) => limits.every((limit) => startedLimits(l).includes(limit)) })
    .catch(() => readProgress(progress));
  assertCounted(t, lines, limits);
  return lines;
}

function countIn(t, res, below) {
  t.assert.equal(res.status, 200, `status of GET /primes?below=${below}`);
  let body;
  try {
    body = JSON.parse(res.body);
  } catch {
    t.assert.fail(`GET /primes?below=${below} should answer JSON like {"below":${below},"count":...}`, { actual: res.body });
  }
  return body.count;
}

export default [
  {
    id: 'health-stays-fast',
    name: 'GET /health answers quickly while a prime count is running',
    task: 'offload',
    hint: 'Run countPrimes on a worker thread (node:worker_threads) so the main thread stays free for other requests.',
    measuresTime: true,
    async run(t) {
      const progress = progressFile(t);
      // A count that would take hours, and a JOB_TIMEOUT_MS that never ends it while the check runs: /health is
      // asked while it computes, and the check ends (with the program) as soon as /health has answered.
      const app = await t.start({ env: { JOB_TIMEOUT_MS: '120000', PRIMES_PROGRESS_FILE: progress } });
      void t.http(app, RUNAWAY, { timeout: 55000 }).catch(() => {});
      // Ask for /health only once the count computes: earlier, even the starter would answer it at once.
      await waitForCounts(t, progress, [1e9]);
      const health = await t.http(app, '/health', { timeout: HEALTH_WAIT_MS }).catch((err) => err);
      const ms = health instanceof Error ? null : Math.round(health.ms);
      if (ms !== null) t.log(`/health took ${ms} ms while a prime count was running`);
      if (ms === null || ms > HEALTH_LIMIT_MS) {
        t.assert.fail(
          `GET /health ${
            ms === null
              ? `got no answer within ${HEALTH_WAIT_MS / 1000} s: it waited for the prime count to finish`
              : `took ${ms} ms: something kept the main thread busy while the prime count ran`
          }. JavaScript runs one thing at a time on a thread: wrapping the work in a Promise or ` +
            'setImmediate only postpones it. Run it on another thread.',
          { expected: `under ${HEALTH_LIMIT_MS} ms`, actual: ms === null ? `no answer in ${HEALTH_WAIT_MS} ms` : `${ms} ms` },
        );
      }
      t.assert.equal(health.status, 200, 'status of GET /health while a count runs');
    },
  },
  {
    id: 'concurrent-answers-correct',
    name: 'Concurrent jobs each get their own correct answer',
    task: 'offload',
    hint: 'Give each job its own reply: a worker must finish one job before it is handed the next, or tag replies with an id.',
    measuresTime: false,
    async run(t) {
      const app = await t.start({ env: { POOL_SIZE: '2', JOB_TIMEOUT_MS: '120000' } });
      // The first count (~0.25 s alone) still computes when the others arrive, so replies could be mixed up.
      const limits = [500000, 100000, 1000000, 200000];
      const answers = await Promise.all(limits.map((below) => t.http(app, `/primes?below=${below}`, { timeout: 50000 })));
      limits.forEach((below, i) => {
        const count = countIn(t, answers[i], below);
        if (count !== PRIMES_BELOW[below]) {
          t.assert.fail(
            `GET /primes?below=${below} answered ${count}, the answer to a different request. With several jobs in ` +
              'flight, each reply must go back to the request that asked for it.',
            { expected: PRIMES_BELOW[below], actual: count },
          );
        }
      });
    },
  },
  {
    id: 'pool-size-respected',
    name: 'Never more than POOL_SIZE prime counts compute at once',
    task: 'offload',
    hint: 'Keep a fixed number of workers (POOL_SIZE) and a queue: a job waits until a worker is free, and the next one starts when one finishes.',
    measuresTime: false,
    async run(t) {
      const progress = progressFile(t);
      const app = await t.start({ env: { POOL_SIZE: '1', JOB_TIMEOUT_MS: '120000', PRIMES_PROGRESS_FILE: progress } });
      // Each count lasts far longer than starting a thread, so counts that may run at once do overlap.
      const limits = [1000000, 500000, 800000];
      // Whether each answer is right is concurrent-answers-correct's business; this check watches the counting.
      await Promise.all(limits.map((below) => t.http(app, `/primes?below=${below}`, { timeout: 50000 })));
      // A server that answers before counting (a wrong reply) may start a count after its answer: wait for it.
      const lines = await waitForCounts(t, progress, limits, 20000);
      const most = mostAtOnce(lines);
      t.log(`with POOL_SIZE=1, at most ${most} of the ${limits.length} counts computed at once`);
      if (most > 1) {
        t.assert.fail(
          `With POOL_SIZE=1, ${most} prime counts computed at the same time. Every extra thread competes for the same ` +
            'CPU cores, so a burst of requests slows every job down and uses more memory. Keep at most POOL_SIZE ' +
            'threads, like gunicorn keeps its --workers, and let further jobs wait in a queue.',
          { expected: 'at most 1 at once', actual: `${most} at once` },
        );
      }
    },
  },
  {
    id: 'slow-job-gets-503',
    name: 'A job that runs past JOB_TIMEOUT_MS is answered with 503',
    task: 'timeout',
    hint: 'Start a timer when the job starts; if it fires first, answer 503.',
    // The 5 s bound only ends the wait for a 503 that never comes (the solution answers at ~0.55 s).
    measuresTime: false,
    async run(t) {
      const app = await t.start({ env: { JOB_TIMEOUT_MS: '500', POOL_SIZE: '1' } });
      const res = await t.http(app, RUNAWAY, { timeout: ANSWER_WITHIN_MS }).catch((err) => err);
      if (res instanceof Error) {
        t.assert.fail(
          `GET ${RUNAWAY} with JOB_TIMEOUT_MS=500 got no answer within ${ANSWER_WITHIN_MS / 1000} s (${res.message}). ` +
            'A job must not hold its request forever: give up at the deadline and answer 503 Service Unavailable.',
        );
      }
      t.log(`answered ${res.status} after ${Math.round(res.ms)} ms`);
      t.assert.equal(res.status, 503, `status of GET ${RUNAWAY} with JOB_TIMEOUT_MS=500`);
      const health = await t.http(app, '/health', { timeout: 2000 });
      t.assert.equal(health.status, 200, 'status of GET /health after the timeout');
    },
  },
  {
    id: 'recovers-after-timeout',
    name: 'After a timeout, the job queued behind it runs normally (its thread was freed)',
    task: 'timeout',
    hint: 'Answering 503 is not enough: the computation keeps its thread busy. Call worker.terminate(), start a fresh worker in its place, and hand it the next job from the queue.',
    measuresTime: true,
    async run(t) {
      const progress = progressFile(t);
      // 1 s: ample time to queue the next job behind the runaway before its deadline (it takes well under 0.1 s).
      const app = await t.start({ env: { JOB_TIMEOUT_MS: '1000', POOL_SIZE: '1', PRIMES_PROGRESS_FILE: progress } });
      // A first small job starts the pool's thread, so the runaway's second of deadline is not spent starting one.
      countIn(t, await t.http(app, '/primes?below=1000', { timeout: 10000 }), 1000);
      const first = t.http(app, RUNAWAY, { timeout: 1000 + ANSWER_WITHIN_MS }).catch((err) => err);
      // Ask for the next job only once the runaway computes, so that it waits in the queue for the only thread.
      await waitForCounts(t, progress, [1e9]);
      const next = t.http(app, '/primes?below=100000', { timeout: QUEUED_ANSWER_WITHIN_MS }).catch((err) => err);
      // Without the runaway's 503 the check has failed: no need to wait out the queued job's bound as well.
      const firstRes = await first;
      t.assert.ok(!(firstRes instanceof Error) && firstRes.status === 503, `GET ${RUNAWAY} should time out with 503 first`, {
        expected: 503,
        actual: firstRes instanceof Error ? firstRes.message : firstRes.status,
      });
      const nextRes = await next;
      if (nextRes instanceof Error || nextRes.status === 503) {
        const what =
          nextRes instanceof Error ? `got no answer within ${QUEUED_ANSWER_WITHIN_MS / 1000} s (${nextRes.message})` : 'timed out with 503 too';
        t.assert.fail(
          `GET /primes?below=100000 (a 10 ms job) waited in the queue behind the count that timed out, and after that ` +
            `count's 503 it ${what}. With POOL_SIZE=1 the timed-out count must give up the only thread: stop it with ` +
            'worker.terminate(), put a fresh worker in its place, and hand that worker the next job from the queue — the ' +
            'way gunicorn kills a worker silent for longer than --timeout and forks a new one.',
        );
      }
      t.log(`the queued job was answered ${Math.round(nextRes.ms)} ms after it was sent (up to 1 s of that was the runaway's deadline)`);
      t.assert.equal(countIn(t, nextRes, 100000), PRIMES_BELOW[100000], 'count of primes below 100000');
    },
  },
  {
    id: 'timed-out-job-stops',
    name: 'A job that timed out stops computing',
    task: 'timeout',
    hint: 'Answering 503 does not stop the loop on the worker thread. Call worker.terminate() on the timed-out worker and use a fresh one for the next job.',
    measuresTime: true,
    async run(t) {
      const progress = progressFile(t);
      // 1 s: ample time for the thread to start and the count to begin before the deadline (the solution needs ~0.1 s).
      const app = await t.start({ env: { JOB_TIMEOUT_MS: '1000', POOL_SIZE: '1', PRIMES_PROGRESS_FILE: progress } });
      const res = await t.http(app, RUNAWAY, { timeout: 1000 + ANSWER_WITHIN_MS }).catch((err) => err);
      t.assert.ok(!(res instanceof Error) && res.status === 503, `GET ${RUNAWAY} with JOB_TIMEOUT_MS=1000 should time out with 503 first`, {
        expected: 503,
        actual: res instanceof Error ? res.message : res.status,
      });
      assertCounted(t, readProgress(progress), [1e9]);
      const ticks = () => readProgress(progress).filter((l) => l.limit === 1e9).length;
      // Watches from the 503 until the count has been quiet for QUIET_MS, or is still ticking STOP_WITHIN_MS later.
      const answeredAt = performance.now();
      let seen = ticks();
      let changedAt = answeredAt;
      while (performance.now() - changedAt < QUIET_MS && performance.now() - answeredAt < STOP_WITHIN_MS) {
        await t.sleep(50);
        const now = ticks();
        if (now !== seen) [seen, changedAt] = [now, performance.now()];
      }
      const stillTicking = performance.now() - changedAt < QUIET_MS;
      t.log(`the timed-out count ${stillTicking ? 'was still reporting progress' : 'stopped'} ${Math.round(changedAt - answeredAt)} ms after its 503`);
      if (stillTicking) {
        t.assert.fail(
          `The request got its 503, but the count behind it was still computing ${STOP_WITHIN_MS / 1000} s ` +
            'later: a thread that nobody waits for, burning a CPU core for hours. Giving up on the answer does not ' +
            'stop the loop; worker.terminate() does — the way gunicorn kills a worker silent for longer than --timeout.',
          { expected: `no progress for ${QUIET_MS} ms after the 503`, actual: `still reporting progress every ~50 ms ${STOP_WITHIN_MS / 1000} s after it` },
        );
      }
    },
  },
];
