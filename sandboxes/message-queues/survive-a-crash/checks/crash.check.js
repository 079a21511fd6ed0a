// Checks for the thumbnail worker. Time is a fake clock: minutes of broker time pass in milliseconds.

const FIVE_MINUTES = 5 * 60_000;
const SECONDS = (ms) => `${Math.round(ms / 1000)} s`;

async function setup(t, outcome = () => 'ok') {
  const clock = t.useFakeClock(0);
  const { Broker } = await t.import('broker.js');
  const { QUEUE_OPTIONS, startWorker } = await t.import('worker.js');
  const broker = new Broker();
  try {
    broker.declareQueue('thumbnails', { ...QUEUE_OPTIONS, deadLetterQueue: 'thumbnails.dead' });
  } catch (error) {
    t.assert.fail(`QUEUE_OPTIONS from worker.js cannot be used to declare the queue: ${error.message}`);
  }
  const visibilityTimeoutMs = broker.inspect('thumbnails').visibilityTimeoutMs;
  const jobs = fakeResizer(outcome);
  const workers = {};
  for (const name of ['worker-A', 'worker-B']) {
    workers[name] = startWorker({ broker, resize: jobs.resizeFor(name, () => workers[name].crash()) }, { name });
    t.assert.ok(typeof workers[name]?.crash === 'function', 'startWorker should return the consumer that broker.consume returns.');
  }
  const publish = (id) => broker.publish('thumbnails', JSON.stringify({ id }));
  return { clock, broker, jobs, publish, visibilityTimeoutMs };
}

/**
 * Stands in for the image library. `outcome(id, attempt)` decides what each run does: 'ok'; 'crash' (the whole
 * worker process dies mid-job); 'worker-lost' (the child process running the job is killed: WORKER_LOST);
 * 'error' (the job itself fails).
 */
function fakeResizer(outcome) {
  const runs = [];
  const durationOf = (id) => (id === 'panorama' ? 90_000 : 2_000);
  return {
    runs,
    started: (id) => runs.filter((run) => run.id === id).length,
    finished: (id) => runs.filter((run) => run.id === id && run.finishedAt !== null).length,
    resizeFor(worker, crashWorker) {
      return async ({ id }) => {
        const run = { id, worker, attempt: runs.filter((r) => r.id === id).length + 1, finishedAt: null };
        runs.push(run);
        const what = outcome(id, run.attempt);
        if (what === 'crash') {
          crashWorker();
          return new Promise(() => {}); // a dead process never finishes anything
        }
        await new Promise((resolve) => setTimeout(resolve, durationOf(id)));
        if (what === 'worker-lost') throw Object.assign(new Error('the process running this job was killed (out of memory)'), { code: 'WORKER_LOST' });
        if (what === 'error') throw new Error('corrupt image: cannot decode JPEG');
        run.finishedAt = Date.now();
      };
    },
  };
}

function whereIs(broker, id) {
  const body = JSON.stringify({ id });
  const queue = broker.inspect('thumbnails');
  for (const state of ['ready', 'delayed', 'unacked']) {
    if (queue[state].some((m) => m.body === body)) return state;
  }
  return broker.inspect('thumbnails.dead').ready.some((m) => m.body === body) ? 'dead-lettered' : 'gone (acked)';
}

export default [
  {
    id: 'crashed-job-is-redone',
    name: 'A job whose worker crashed halfway is finished by another worker',
    task: 'ack-late',
    measuresTime: false,
    async run(t) {
      const { clock, broker, jobs, publish, visibilityTimeoutMs } = await setup(t, (id, attempt) => (attempt === 1 ? 'crash' : 'ok'));
      publish('photo-1');
      await clock.tick(visibilityTimeoutMs + 10_000);
      t.assert.ok(
        jobs.finished('photo-1') === 1,
        jobs.started('photo-1') === 1 && whereIs(broker, 'photo-1') === 'gone (acked)'
          ? 'photo-1 was lost: worker-A crashed halfway through it, and its message had already been acked, so the broker had nothing left to give worker-B. Ack after resize() has finished (Celery: acks_late = True).'
          : `photo-1 was not finished after the visibility timeout (${SECONDS(visibilityTimeoutMs)}) had passed; its message is ${whereIs(broker, 'photo-1')}.`,
        { expected: 'photo-1 resized once, by the other worker', actual: `${jobs.started('photo-1')} started, ${jobs.finished('photo-1')} finished` },
      );
    },
  },
  {
    id: 'worker-lost-job-runs-again-at-once',
    name: 'A job whose process was killed (WORKER_LOST) runs again right away, not after the visibility timeout',
    task: 'worker-lost-vs-failure',
    measuresTime: false,
    async run(t) {
      const { clock, broker, jobs, publish } = await setup(t, (id, attempt) => (attempt === 1 ? 'worker-lost' : 'ok'));
      publish('photo-2');
      await clock.tick(10_000);
      if (jobs.finished('photo-2') === 1) return;
      const where = whereIs(broker, 'photo-2');
      t.assert.fail(
        where === 'unacked'
          ? 'At 2 s resize() failed with code WORKER_LOST and the message was left unacked, so it only comes back when the visibility timeout runs out. The job did nothing wrong — its process was killed — so put it back at once: delivery.nack({ requeue: true }) (Celery: task_reject_on_worker_lost = True).'
          : `After its process was killed (WORKER_LOST), photo-2 was ${where} instead of being requeued. The job itself did nothing wrong: put it back with delivery.nack({ requeue: true }) so another process runs it.`,
        { expected: 'photo-2 finished within 10 s', actual: `${jobs.finished('photo-2')} finished; message ${where}` },
      );
    },
  },
  {
    id: 'failed-job-dead-lettered',
    name: 'A job that fails by itself runs once and goes to the dead-letter queue with the error',
    task: 'worker-lost-vs-failure',
    measuresTime: false,
    async run(t) {
      const { clock, broker, jobs, publish } = await setup(t, () => 'error');
      publish('photo-3');
      await clock.tick(FIVE_MINUTES);
      const runs = jobs.started('photo-3');
      t.assert.ok(
        runs === 1,
        `photo-3 is a corrupt image and was resized ${runs} times in 5 minutes. An error that comes from the job itself will happen again: requeueing it only repeats the failure (retrying with a back-off is the next exercise).`,
        { expected: 1, actual: runs },
      );
      const letter = broker.inspect('thumbnails.dead').ready[0];
      t.assert.ok(
        letter !== undefined,
        `photo-3 failed and its message is ${whereIs(broker, 'photo-3')}, so the failure left no trace in the queue. Reject it with delivery.nack({ requeue: false, reason: error.message }) so it lands in "thumbnails.dead".`,
      );
      t.assert.match(letter.headers['x-death'].reason, /corrupt image/, 'the reason stored with the dead letter (pass the error message)');
    },
  },
  {
    id: 'long-job-keeps-its-lease',
    name: 'A 90-second job stays with its worker until it is done and runs only once',
    task: 'visibility-timeout',
    measuresTime: false,
    async run(t) {
      const { clock, broker, jobs, publish, visibilityTimeoutMs } = await setup(t);
      publish('panorama');
      await clock.tick(60_000);
      const [held] = broker.inspect('thumbnails').unacked;
      if (!held) t.assert.fail(`At 60 s the 90 s panorama was still being resized, but its message was ${whereIs(broker, 'panorama')}. It must stay unacked with its worker until the work is done (see the ack-late task).`);
      t.assert.ok(
        held.consumer === 'worker-A' && held.deliveryCount === 1,
        `The visibility timeout (${SECONDS(visibilityTimeoutMs)}) ran out while worker-A was still resizing the 90 s panorama, so the broker gave it to ${held.consumer} as well. Make the visibility timeout longer than your longest job (Celery with Redis: broker_transport_options = {'visibility_timeout': ...}).`,
        { expected: 'held by worker-A, delivery 1', actual: `held by ${held.consumer}, delivery ${held.deliveryCount}` },
      );
      await clock.tick(FIVE_MINUTES);
      t.assert.equal(jobs.started('panorama'), 1, 'times the panorama was resized');
    },
  },
  {
    id: 'crash-recovered-within-five-minutes',
    name: 'The job of a crashed worker is picked up again within 5 minutes',
    task: 'visibility-timeout',
    measuresTime: false,
    async run(t) {
      const { clock, broker, jobs, publish, visibilityTimeoutMs } = await setup(t, (id, attempt) => (attempt === 1 ? 'crash' : 'ok'));
      publish('photo-4');
      await clock.tick(FIVE_MINUTES);
      t.assert.ok(
        jobs.started('photo-4') === 2,
        jobs.started('photo-4') === 1 && whereIs(broker, 'photo-4') === 'gone (acked)'
          ? 'photo-4 was lost when its worker crashed: its message had already been acked (see the ack-late task).'
          : `photo-4's worker crashed at 0 s and nobody had picked the job up 5 minutes later: the broker waits a whole visibility timeout (${SECONDS(visibilityTimeoutMs)}) before it hands an unacked message to someone else. Keep the timeout above your longest job but well under 5 minutes.`,
        { expected: 'picked up again within 5 minutes', actual: `message ${whereIs(broker, 'photo-4')} after 5 minutes` },
      );
    },
  },
];
