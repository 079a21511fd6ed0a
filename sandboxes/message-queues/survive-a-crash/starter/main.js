/**
 * Run this (the Run button) and watch the Preview: two workers resize photos while things go wrong —
 * a worker process crashes mid-job, a job's child process is killed, an image is corrupt, and a
 * panorama takes 90 seconds. Time runs 20× faster here, so a 90 s job takes 4.5 s.
 */
import { Broker } from './broker.js';
import { startLiveView } from './live-view.js';
import { QUEUE_OPTIONS, startWorker } from './worker.js';

const SPEED = 20;
const WAIT_FOR_RESULTS_MS = 15_000;
const jobs = [
  { id: 'photo-1', seconds: 2 },
  { id: 'photo-2', seconds: 2, trouble: 'crash' }, // the worker process dies halfway through
  { id: 'photo-3', seconds: 2, trouble: 'worker-lost' }, // the child process running it is killed
  { id: 'photo-4', seconds: 2, trouble: 'corrupt' },
  { id: 'panorama', seconds: 90 },
  { id: 'photo-5', seconds: 2 },
];

const view = startLiveView({ title: 'Surviving a crash: the thumbnail queue (20× speed)', onReplay: () => runScenario() });
let broker = null;
runScenario();

async function runScenario() {
  broker?.close();
  broker = new Broker();
  const current = broker;
  view.watch(broker);
  broker.declareQueue('thumbnails', { ...QUEUE_OPTIONS, visibilityTimeoutMs: QUEUE_OPTIONS.visibilityTimeoutMs / SPEED, deadLetterQueue: 'thumbnails.dead' });
  view.note(`Visibility timeout: ${QUEUE_OPTIONS.visibilityTimeoutMs / 1000} s (${QUEUE_OPTIONS.visibilityTimeoutMs / SPEED} ms at 20× speed)`);

  const runs = new Map(jobs.map((job) => [job.id, { started: 0, finished: 0 }]));
  const workers = {};
  const start = (name) => {
    workers[name] = startWorker({ broker, resize: (job) => resize(job, name) }, { name });
  };
  async function resize({ id }, worker) {
    const job = jobs.find((j) => j.id === id);
    const count = runs.get(id);
    count.started += 1;
    if (job.trouble === 'crash' && count.started === 1) {
      view.note(`${worker} crashed while resizing ${id} (its process was killed)`, 'bad');
      workers[worker].crash();
      setTimeout(() => current === broker && start(`${worker}-restarted`), 1_000);
      return new Promise(() => {});
    }
    await new Promise((resolve) => setTimeout(resolve, (job.seconds * 1000) / SPEED));
    if (job.trouble === 'worker-lost' && count.started === 1) {
      throw Object.assign(new Error(`the process resizing ${id} ran out of memory and was killed`), { code: 'WORKER_LOST' });
    }
    if (job.trouble === 'corrupt') throw new Error(`corrupt image: cannot decode ${id}.jpg`);
    count.finished += 1;
  }

  start('worker-A');
  start('worker-B');
  for (const job of jobs) broker.publish('thumbnails', JSON.stringify({ id: job.id }));

  await new Promise((resolve) => setTimeout(resolve, WAIT_FOR_RESULTS_MS));
  if (current !== broker) return;
  const dead = new Set(broker.inspect('thumbnails.dead').ready.map((m) => JSON.parse(m.body).id));
  for (const [id, { started, finished }] of runs) {
    if (dead.has(id)) view.note(`${id}: dead-lettered after ${started} run(s) — a person can look at it`, 'good');
    else if (finished === 1 && started === 1) view.note(`${id}: done`, 'good');
    else if (finished === 1) view.note(`${id}: done, after ${started - 1} interrupted run(s)`, 'good');
    else if (finished > 1) view.note(`${id}: resized ${finished} times — it ran twice`, 'bad');
    else view.note(`${id}: not done after ${WAIT_FOR_RESULTS_MS / 1000} s (started ${started} times)`, 'bad');
  }
  view.note('Press Replay in the Preview (or Run again after editing) to see it once more.');
}
