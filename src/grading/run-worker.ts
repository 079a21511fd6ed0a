/** Running one check worker (see check-worker.ts) from the grading process, with a deadline and capped output. */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clearTimeout, setTimeout } from 'node:timers';
import { randomBytes } from 'node:crypto';
import { killTree } from '../process/kill-tree.ts';
import { withMarker } from '../process/marker.ts';
import { inheritedEnv } from '../process/sandbox-env.ts';
import { spawnIsolated } from '../process/pid-namespace.ts';
import { signalGroup } from '../process/process-group.ts';
import { OutputCap } from './output-cap.ts';
import { MessageReader, type WorkerJob, type WorkerMessage } from './worker-protocol.ts';

const here = fileURLToPath(import.meta.url);

/** Newest modification time of the .ts files in `dirs`. */
function newestSource(dirs: readonly string[]): number {
  let newest = 0;
  for (const dir of dirs) {
    for (const name of readdirSync(dir)) if (name.endsWith('.ts')) newest = Math.max(newest, statSync(join(dir, name)).mtimeMs);
  }
  return newest;
}

/**
 * The worker's entry file. Bundled (`.archlab/grading/`), it sits beside this file. From source, the bundle
 * `npm run vendor` made is used while it is newer than every source file of the worker, because Node needs far
 * longer to start a worker from TypeScript than from one bundled file; otherwise the .ts source itself.
 */
function workerFile(): string {
  if (!here.endsWith('.ts')) return join(dirname(here), 'check-worker.js');
  const bundled = join(dirname(here), '../../.archlab/grading/check-worker.js');
  const builtAt = statSync(bundled, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const sources = [dirname(here), join(dirname(here), '../process')];
  return builtAt > newestSource(sources) ? bundled : join(dirname(here), 'check-worker.ts');
}

export interface WorkerRunOptions {
  cwd: string;
  /** Marker for this worker and everything it starts; all of them are ended when it finishes. */
  marker: string;
  timeoutMs: number;
  outputLimit: number;
  signal?: AbortSignal;
}

export interface WorkerRun {
  /** The worker's final message (`list` or `result`), if it got that far. */
  final?: Extract<WorkerMessage, { type: 'list' | 'result' }>;
  /** The last step it reported before ending. */
  step?: { text: string; loading: boolean };
  output: string;
  outputBytes: number;
  exit: { code: number | null; signal: string | null };
  timedOut: boolean;
  aborted: boolean;
}

/** How long to wait for the pipes to drain after the worker's process tree is gone. */
const CLOSE_GRACE_MS = 300;

export function runWorker(job: WorkerJob, options: WorkerRunOptions): Promise<WorkerRun> {
  const nonce = randomBytes(12).toString('hex');
  const output = new OutputCap(options.outputLimit);
  const run: Omit<WorkerRun, 'output' | 'outputBytes'> = { exit: { code: null, signal: null }, timedOut: false, aborted: false };
  const reader = new MessageReader(
    nonce,
    (message) => {
      if (message.type === 'step') run.step = { text: message.text, loading: message.loading };
      else run.final = message;
    },
    (text) => output.write(text),
  );

  const child = spawnIsolated(process.execPath, [workerFile()], {
    cwd: options.cwd,
    // Learner code runs in the worker: it gets the sandbox environment, not the grader's (tokens, keys).
    env: withMarker(inheritedEnv(), options.marker),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdout!.setEncoding('utf8').on('data', (text: string) => reader.push(text));
  child.stderr!.on('data', (chunk: Buffer) => output.write(chunk));
  child.stdin!.on('error', () => {}); // a worker that dies at once closes its stdin early; the exit tells the story
  child.stdin!.end(JSON.stringify({ nonce, job }));

  const stop = (reason: 'timedOut' | 'aborted') => {
    run[reason] = true;
    if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
  };
  const timer = setTimeout(() => stop('timedOut'), options.timeoutMs);
  const onAbort = () => stop('aborted');
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort);

  const closed = new Promise<void>((done) => child.once('close', () => done()));
  return new Promise((resolve) => {
    let exited = false;
    const onExit = async (code: number | null, signal: string | null) => {
      if (exited) return;
      exited = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      run.exit = { code, signal };
      await killTree(options.marker, child.pid);
      // A grandchild that inherited the pipes could keep them open forever; give them a moment, then let go.
      const grace = new Promise<void>((done) => setTimeout(done, CLOSE_GRACE_MS));
      await Promise.race([closed, grace]);
      child.stdout!.destroy();
      child.stderr!.destroy();
      reader.end();
      resolve({ ...run, output: output.text(), outputBytes: output.bytes });
    };
    child.once('exit', onExit);
    child.once('error', (error) => {
      output.write(`${error.message}\n`);
      void onExit(null, null);
    });
  });
}
