// Known answers: the number of primes below each limit.
const PRIMES_BELOW = { 100000: 9592, 200000: 17984, 1000000: 78498, 2000000: 148933, 5000000: 348513 };
// Solution: /health answers in well under 50 ms while a job runs. Starter: it waits for the job (~1.5 s).
const HEALTH_LIMIT_MS = 500;
const RUNAWAY = '/primes?below=1000000000'; // would take hours
// The solution answers it ~0.55 s after the request (0.5 s deadline + thread start); 5 s is 9× that.
const ANSWER_WITHIN_MS = 5000;

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
    async run(t) {
      // A long JOB_TIMEOUT_MS: on a busy machine this count can take many seconds, and that is fine here.
      const app = await t.start({ env: { JOB_TIMEOUT_MS: '120000' } });
      const job = t.http(app, '/primes?below=5000000', { timeout: 55000 });
      await t.sleep(200);
      const health = await t.http(app, '/health', { timeout: 10000 });
      const jobRes = await job;
      t.log(`/health took ${Math.round(health.ms)} ms while /primes?below=5000000 took ${Math.round(jobRes.ms)} ms`);
      t.assert.equal(countIn(t, jobRes, 5000000), PRIMES_BELOW[5000000], 'count of primes below 5000000');
      if (health.ms > HEALTH_LIMIT_MS) {
        t.assert.fail(
          `GET /health took ${Math.round(health.ms)} ms because it waited for the prime count to finish. ` +
            'JavaScript runs one thing at a time on a thread: wrapping the work in a Promise or setImmediate only ' +
            'postpones it. Run it on another thread.',
          { expected: `under ${HEALTH_LIMIT_MS} ms`, actual: `${Math.round(health.ms)} ms` },
        );
      }
    },
  },
  {
    id: 'concurrent-answers-correct',
    name: 'Concurrent jobs each get their own correct answer',
    task: 'offload',
    hint: 'Give each job its own reply: a worker must finish one job before it is handed the next, or tag replies with an id.',
    async run(t) {
      const app = await t.start({ env: { POOL_SIZE: '2', JOB_TIMEOUT_MS: '120000' } });
      const limits = [1000000, 100000, 2000000, 200000];
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
    id: 'slow-job-gets-503',
    name: 'A job that runs past JOB_TIMEOUT_MS is answered with 503',
    task: 'timeout',
    hint: 'Start a timer when the job starts; if it fires first, answer 503.',
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
    name: 'After a timeout the next job runs normally (its thread was freed)',
    task: 'timeout',
    hint: 'Answering 503 is not enough: the computation keeps its thread busy. Call worker.terminate() and use a fresh worker for the next job.',
    async run(t) {
      // The next job gets the same limit, and it includes starting a fresh thread: 3 s is several times what
      // the solution needs (0.2–0.7 s on a busy 2-core machine).
      const app = await t.start({ env: { JOB_TIMEOUT_MS: '3000', POOL_SIZE: '1' } });
      const first = await t.http(app, RUNAWAY, { timeout: ANSWER_WITHIN_MS + 3000 }).catch((err) => err);
      t.assert.ok(!(first instanceof Error) && first.status === 503, `GET ${RUNAWAY} should time out with 503 first`, {
        expected: 503,
        actual: first instanceof Error ? first.message : first.status,
      });
      const next = await t.http(app, '/primes?below=100000', { timeout: 8000 }).catch((err) => err);
      if (next instanceof Error || next.status === 503) {
        const what = next instanceof Error ? `got no answer within 8 s (${next.message})` : 'timed out with 503 too';
        t.assert.fail(
          `After the 503, GET /primes?below=100000 (a 10 ms job) ${what}. The computation that timed out is still ` +
            'running and holds the only thread (POOL_SIZE=1). Stop it with worker.terminate() and start a fresh ' +
            'worker, the way gunicorn kills a worker that is silent for longer than --timeout.',
        );
      }
      t.log(`next job answered after ${Math.round(next.ms)} ms`);
      t.assert.equal(countIn(t, next, 100000), PRIMES_BELOW[100000], 'count of primes below 100000');
    },
  },
];
