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

export interface WorkerRunOptions {
  cwd: string;
  /** Marker for this worker and everything it starts; all of them are ended when it finishes. */
  marker: string;
  timeoutMs: number;
  outputLimit: number;
  signal?: AbortSignal;
  code: WorkerCode;
  access: WorkerAccess;
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
  if (channel !== 1) child.stdout!.on('data', (chunk: Buffer) => output.write(chunk));
  child.stderr!.on('data', (chunk: Buffer) => output.write(chunk));
  child.stdin!.on('error', () => {}); // a worker that dies at once closes its stdin early; the exit tells the story
  const input: WorkerInput = { nonce, channel, job, sources: options.code.sources, entry: pathToFileURL(options.code.entryFile).href };
  child.stdin!.end(JSON.stringify(input));

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
      for (const stream of [child.stdout, child.stderr, messages]) stream?.destroy();
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
