/** Running one check worker (see check-worker.ts) from the grading process, with a deadline and capped output. */
import * as nodeModule from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { clearTimeout, setTimeout } from 'node:timers';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { killTree } from '../process/kill-tree.ts';
import { withMarker } from '../process/marker.ts';
import { inheritedEnv } from '../process/sandbox-env.ts';
import { spawnIsolated } from '../process/pid-namespace.ts';
import { signalGroup } from '../process/process-group.ts';
import { OutputCap } from './output-cap.ts';
import { sourceRoot, type WorkerCode } from './worker-code.ts';
import { MessageReader, type Channel, type WorkerInput, type WorkerJob, type WorkerMessage } from './worker-protocol.ts';

/**
 * Where Node has module hooks and the permission model (22.15+) and is not WebContainer, a worker is sealed: it runs
 * this bootstrap, which serves the harness and the check files from memory (never from disk, where learner code
 * could rewrite them), under `--permission` with only the grants of `WorkerAccess`, and sends its messages on a
 * pipe of its own (fd 3). Elsewhere it runs the harness file as a script and answers on stdout.
 */
const SEALED =
  typeof (nodeModule as { registerHooks?: unknown }).registerHooks === 'function' &&
  process.allowedNodeEnvironmentFlags.has('--permission') &&
  // WebContainer (it sets this version) emulates processes and their pipes: keep to what it is known to run.
  !(process.versions as Record<string, string | undefined>).webcontainer;

const BOOTSTRAP = `
import { registerHooks } from 'node:module';
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString());
const sources = new Map(Object.entries(input.sources));
const urlOf = (specifier, parent) => (URL.canParse(specifier, parent) ? new URL(specifier, parent).href : specifier);
registerHooks({
  resolve(specifier, context, next) {
    const url = urlOf(specifier, context.parentURL);
    return sources.has(url) ? { url, format: 'module', shortCircuit: true } : next(specifier, context);
  },
  load(url, context, next) {
    return sources.has(url) ? { format: 'module', source: sources.get(url), shortCircuit: true } : next(url, context);
  },
});
await (await import(input.entry)).workerMain(input);
`;

/** What a sealed worker may touch besides its code. */
export interface WorkerAccess {
  /** Folders (or files) it may read, and write. */
  read: string[];
  write: string[];
  /** It may start processes (`t.start`) and worker threads; they inherit the same permissions. */
  processes: boolean;
}

function sealedArgs(access: WorkerAccess, entryFile: string): string[] {
  // From source, the harness's own .ts files load from the project (read-only).
  const root = sourceRoot(entryFile);
  const read = root ? [...access.read, join(root, 'src'), join(root, 'package.json')] : access.read;
  return [
    '--permission',
    ...read.map((path) => `--allow-fs-read=${path}`),
    ...access.write.map((path) => `--allow-fs-write=${path}`),
    ...(access.processes ? ['--allow-child-process', '--allow-worker'] : []),
    '--input-type=module',
    '-e',
    BOOTSTRAP,
  ];
}

/** How a worker process starts; the job and its limits come later (see `spawnWorker`). */
export interface WorkerSpawnOptions {
  cwd: string;
  /** Marker for this worker and everything it starts; all of them are ended when it finishes. */
  marker: string;
  code: WorkerCode;
  access: WorkerAccess;
}

export interface JobLimits {
  timeoutMs: number;
  outputLimit: number;
  signal?: AbortSignal;
}

export type WorkerRunOptions = WorkerSpawnOptions & JobLimits;

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

/** A worker process that has started and waits on stdin for its one job. */
export interface SpawnedWorker {
  /** Sends the job; resolves when the worker and everything it started are gone. Call once. */
  run(job: WorkerJob, limits: JobLimits): Promise<WorkerRun>;
  /** Ends a worker that will get no job. */
  discard(): Promise<void>;
  /** It has ended (it could not start, or was ended) before it got a job. */
  readonly ended: boolean;
}

/** How long to wait for the pipes to drain after the worker's process tree is gone. */
const CLOSE_GRACE_MS = 300;

/**
 * Starts a worker before its job is known, so Node's start-up (and the PID namespace's) overlaps with whatever the
 * grading process does meanwhile: listing the checks, or the check before. The worker reads nothing but stdin, so
 * it only idles until `run` sends the job; its time limit starts then.
 */
export function spawnWorker(options: WorkerSpawnOptions): SpawnedWorker {
  const nonce = randomBytes(12).toString('hex');
  // Whatever arrives before the job (nothing, normally) waits here until the job gives the output its limit.
  const early: Array<string | Buffer> = [];
  let output: OutputCap | undefined;
  const write = (chunk: string | Buffer) => (output ? output.write(chunk) : early.push(chunk));
  const run: Omit<WorkerRun, 'output' | 'outputBytes'> = { exit: { code: null, signal: null }, timedOut: false, aborted: false };
  const reader = new MessageReader(
    nonce,
    (message) => {
      if (message.type === 'step') run.step = { text: message.text, loading: message.loading };
      else run.final = message;
    },
    write,
  );

  const channel: Channel = SEALED ? 3 : 1;
  const env = withMarker(inheritedEnv(), options.marker);
  // Node warns about --allow-child-process and --allow-worker in the worker and in every program it starts
  // (they inherit the permission flags): noise in the learner's output.
  if (SEALED && options.access.processes) env.NODE_OPTIONS = '--no-warnings';
  const child = spawnIsolated(process.execPath, SEALED ? sealedArgs(options.access, options.code.entryFile) : [options.code.entryFile], {
    cwd: options.cwd,
    // Learner code runs in the worker: it gets the sandbox environment, not the grader's (tokens, keys).
    env,
    stdio: SEALED ? ['pipe', 'pipe', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe'],
  });
  const messages = child.stdio[channel] as Readable;
  messages.setEncoding('utf8').on('data', (text: string) => reader.push(text));
  if (channel !== 1) child.stdout!.on('data', write);
  child.stderr!.on('data', write);
  child.stdin!.on('error', () => {}); // a worker that dies at once closes its stdin early; the exit tells the story

  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  let signal: AbortSignal | undefined;
  const stop = (reason: 'timedOut' | 'aborted') => {
    run[reason] = true;
    if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
  };

  let exited = false;
  const closed = new Promise<void>((done) => child.once('close', () => done()));
  const finished = new Promise<void>((resolve) => {
    const onExit = async (code: number | null, exitSignal: string | null) => {
      if (exited) return;
      exited = true;
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      run.exit = { code, signal: exitSignal };
      await killTree(options.marker, child.pid);
      // A grandchild that inherited the pipes could keep them open forever; give them a moment, then let go.
      const grace = new Promise<void>((done) => setTimeout(done, CLOSE_GRACE_MS));
      await Promise.race([closed, grace]);
      for (const stream of [child.stdout, child.stderr, messages]) stream?.destroy();
      reader.end();
      resolve();
    };
    child.once('exit', onExit);
    child.once('error', (error) => {
      write(`${error.message}\n`);
      void onExit(null, null);
    });
  });

  return {
    async run(job, limits) {
      output = new OutputCap(limits.outputLimit);
      for (const chunk of early.splice(0)) output.write(chunk);
      const input: WorkerInput = { nonce, channel, job, sources: options.code.sources, entry: pathToFileURL(options.code.entryFile).href };
      child.stdin!.end(JSON.stringify(input));
      // A worker that already ended (it could not start) gets no timer: its process group is gone.
      if (!exited) {
        timer = setTimeout(() => stop('timedOut'), limits.timeoutMs);
        signal = limits.signal;
        onAbort = () => stop('aborted');
        if (signal?.aborted) onAbort();
        signal?.addEventListener('abort', onAbort);
      }
      await finished;
      return { ...run, output: output.text(), outputBytes: output.bytes };
    },
    async discard() {
      if (!exited) stop('aborted');
      await finished;
    },
    get ended() {
      return exited;
    },
  };
}

/** Starts a worker and runs `job` in it at once. */
export function runWorker(job: WorkerJob, options: WorkerRunOptions): Promise<WorkerRun> {
  return spawnWorker(options).run(job, options);
}
