import { availableParallelism } from 'node:os';

// Every request opens a fresh connection, so the cluster can hand each one to any worker.
const fresh = { headers: { connection: 'close' }, timeout: 1000 };
// The solution is answering again ~0.2 s after a crash on an idle machine; 5 s leaves room on a busy one. The
// bound only ends the wait for a replacement that never comes (it is 25× what the solution needs), so the restart
// checks measure no time and run beside other checks.
const RECOVER_WITHIN_MS = 5000;

// Never the machine's core count, so a program that forks one worker per core instead of WORKERS is caught.
const WORKERS = availableParallelism() === 3 ? 4 : 3;

function pidIn(body) {
  const match = /pid (\d+)/.exec(body);
  return match ? Number(match[1]) : null;
}

/** GET /crash, and return the pid of the worker that is about to die. */
async function crash(t, app) {
  // With several workers the request may land on one that is still dying from an earlier crash.
  const res = await t.eventually(() => t.http(app, '/crash', fresh), { within: 2000 });
  const pid = pidIn(res.body);
  t.assert.ok(pid !== null, 'GET /crash should answer "crashing pid <n>" before the bug fires', {
    expected: 'crashing pid <n>',
    actual: res.body,
  });
  return pid;
}

/** Wait until GET / is answered by a process other than the one that crashed. */
async function waitForReplacement(t, app, crashedPid, which) {
  const started = Date.now();
  try {
    const res = await t.eventually(() => t.http(app, '/', fresh), {
      within: RECOVER_WITHIN_MS,
      interval: 50,
      until: (r) => r.status === 200 && pidIn(r.body) !== crashedPid,
    });
    t.log(`${which} crash: pid ${crashedPid} replaced by pid ${pidIn(res.body)} after ${Date.now() - started} ms`);
  } catch {
    const last = await t.http(app, '/', fresh).catch((err) => err);
    if (last instanceof Error) {
      t.assert.fail(
        `After the ${which} crash nothing answered GET / for ${RECOVER_WITHIN_MS / 1000} s (${last.message}). ` +
          'The process that died was not replaced: something has to notice the exit and start a new worker, every time.',
      );
    }
    t.assert.fail(
      `After the ${which} crash, pid ${crashedPid} is still the one answering. A process that hit an uncaught ` +
        'exception is in an unknown state: let it die and start a fresh one instead of carrying on.',
      { expected: `a pid other than ${crashedPid}`, actual: last.body.trim() },
    );
  }
}

export default [
  {
    id: 'bug-answers-500',
    name: 'A request whose handler throws gets a 500, and the server keeps answering',
    task: 'catch-errors',
    hint: 'Give createServer a handler of your own, (req, res) => { … }, that calls handle(req, res) inside try/catch and answers 500 from the catch block.',
    measuresTime: false,
    async run(t) {
      // One worker is enough to see a 500 and the next answer, and starts sooner than one per core.
      const app = await t.start({ env: { WORKERS: '1' } });
      const res = await t.http(app, '/report', fresh).catch((err) => err);
      if (res instanceof Error && /timed out/.test(res.message)) {
        t.assert.fail(
          `GET /report never got an answer (${res.message}). The error was swallowed somewhere and nobody ` +
            'finished the response: catch it where the request is known, and answer 500.',
        );
      }
      if (res instanceof Error) {
        t.assert.fail(
          `GET /report got no answer at all (${res.message}): the TypeError escaped the handler and took the process ` +
            'down with the request still open. Catch it and answer 500, so the client learns what happened.',
        );
      }
      t.assert.equal(res.status, 500, 'status of GET /report (its handler throws a TypeError)');
      const after = await t.http(app, '/', fresh);
      t.assert.equal(after.status, 200, 'status of GET / right after the failing request');
    },
  },
  {
    id: 'uses-workers',
    name: 'Requests are spread over WORKERS processes',
    task: 'workers',
    hint: 'In the primary, call cluster.fork() Number(process.env.WORKERS) times; each worker calls server.listen(port).',
    measuresTime: false,
    async run(t) {
      const app = await t.start({ env: { WORKERS: String(WORKERS) } });
      const pids = new Set();
      const ask = async () => {
        const res = await t.http(app, '/', fresh);
        t.assert.equal(res.status, 200, 'status of GET /');
        pids.add(pidIn(res.body));
        return pids.size;
      };
      // Workers come up one by one after the first one listens: keep asking until WORKERS of them have answered
      // (the bound only ends the wait for one that never comes), then a few rounds more to catch extra ones.
      await t.eventually(ask, { within: RECOVER_WITHIN_MS, interval: 20, until: (seen) => seen >= WORKERS }).catch(() => {});
      for (let i = 0; i < 3 * WORKERS; i += 1) await ask();
      t.log(`pids seen: ${[...pids].join(', ')}`);
      t.assert.equal(pids.size, WORKERS, `number of different pids answering GET / with WORKERS=${WORKERS}`);
    },
  },
  {
    id: 'restarts-after-crash',
    name: 'The site answers again after a worker crashes',
    task: 'restart',
    hint: 'Listen for cluster\'s "exit" event in the primary and fork a replacement.',
    measuresTime: false,
    async run(t) {
      const app = await t.start({ env: { WORKERS: '1' } });
      const pid = await crash(t, app);
      await waitForReplacement(t, app, pid, 'first');
    },
  },
  {
    id: 'restarts-every-time',
    name: 'The site survives three crashes in a row',
    task: 'restart',
    hint: 'Replace a worker on every exit, not only the first: cluster.on, not cluster.once.',
    measuresTime: false,
    async run(t) {
      const app = await t.start({ env: { WORKERS: '1' } });
      for (const which of ['first', 'second', 'third']) {
        const pid = await crash(t, app);
        await waitForReplacement(t, app, pid, which);
      }
    },
  },
];
