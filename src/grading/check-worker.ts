/**
 * The harness of a check worker: a child process that either lists the checks of an exercise or runs exactly one
 * check. It gets its input from stdin (see worker-protocol.ts) and answers on its channel; everything printed by
 * the check, the learner's modules and started programs is output, which the grading process caps. The bootstrap
 * in run-worker.ts imports this module from memory and calls `workerMain`; run as a script, it reads stdin itself.
 */
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { summarizeNodeError } from './node-errors.ts';
import type { CheckDefinition } from './api.ts';
import { createContext, describeError } from './context.ts';
import { CheckFailure, LoadError } from './errors.ts';
import {
  encodeMessage,
  writeAllSync,
  type CheckOutcome,
  type ListedCheck,
  type ListProblem,
  type RunJob,
  type WorkerInput,
  type WorkerMessage,
} from './worker-protocol.ts';

const CHECK_FILE = /\.check\.js$/;

async function importCheckFile(checksDir: string, file: string): Promise<{ module?: { default?: unknown }; error?: unknown }> {
  try {
    return { module: (await import(pathToFileURL(join(checksDir, file)).href)) as { default?: unknown } };
  } catch (error) {
    return { error };
  }
}

/**
 * Why a check file failed to load, with its line. A SyntaxError from `import()` carries no location, so the file
 * is parsed once more by `node --check`, whose report has it.
 */
function loadProblem(error: unknown, checksDir: string, file: string): string {
  const path = join(checksDir, file);
  let text = describeError(error, [checksDir]);
  if (error instanceof SyntaxError) {
    const report = spawnSync(process.execPath, ['--check', path], { encoding: 'utf8', timeout: 5000 });
    text = summarizeNodeError(report.stderr ?? '') ?? text;
  }
  return text.split(`${pathToFileURL(path).href}:`).join('line ').split(`${path}:`).join('line ');
}

function describeField(value: unknown): string {
  return value === undefined ? 'missing' : `expected text, got ${typeof value}`;
}

async function listChecks(checksDir: string): Promise<{ checks: ListedCheck[]; problems: ListProblem[] }> {
  const checks: ListedCheck[] = [];
  const problems: ListProblem[] = [];
  const files = (await readdir(checksDir)).filter((name) => CHECK_FILE.test(name)).sort();
  for (const file of files) {
    const { module, error } = await importCheckFile(checksDir, file);
    if (!module) {
      problems.push({ file, message: `could not be loaded: ${loadProblem(error, checksDir, file)}` });
      continue;
    }
    if (!Array.isArray(module.default)) {
      problems.push({ file, message: 'expected `export default [ ...checks ]`: an array of check objects' });
      continue;
    }
    module.default.forEach((entry: unknown, index: number) => {
      if (typeof entry !== 'object' || entry === null) {
        problems.push({ file, field: `[${index}]`, message: 'expected a check object { id, name, task, run }' });
        return;
      }
      const raw = entry as Record<string, unknown>;
      const listed: ListedCheck = { file, index, runnable: typeof raw.run === 'function' };
      for (const key of ['id', 'name', 'task'] as const) {
        if (typeof raw[key] === 'string') listed[key] = raw[key];
        else problems.push({ file, field: `[${index}].${key}`, message: describeField(raw[key]) });
      }
      if (typeof raw.hint === 'string') listed.hint = raw.hint;
      else if (raw.hint !== undefined) problems.push({ file, field: `[${index}].hint`, message: describeField(raw.hint) });
      if (typeof raw.measuresTime === 'boolean') listed.measuresTime = raw.measuresTime;
      else if (raw.measuresTime !== undefined) problems.push({ file, field: `[${index}].measuresTime`, message: 'expected true or false' });
      if (!listed.runnable) problems.push({ file, field: `[${index}].run`, message: 'expected a function `run(t)`' });
      checks.push(listed);
    });
  }
  return { checks, problems };
}

/** Outcome texts stay small: a huge `actual` (a whole response body, say) must not drown the result message. */
const MAX_OUTCOME_TEXT = 2000;

function clip(text: string): string {
  return text.length <= MAX_OUTCOME_TEXT ? text : `${text.slice(0, MAX_OUTCOME_TEXT)}… (${text.length - MAX_OUTCOME_TEXT} more characters)`;
}

function outcomeOf(error: unknown, job: RunJob): CheckOutcome {
  if (error instanceof LoadError) return { status: 'load-error', message: clip(error.message) };
  if (error instanceof CheckFailure) {
    return {
      status: 'fail',
      message: clip(error.message),
      ...(error.expected !== undefined ? { expected: clip(error.expected) } : {}),
      ...(error.actual !== undefined ? { actual: clip(error.actual) } : {}),
    };
  }
  return { status: 'error', message: clip(`The check stopped on an unexpected error: ${describeError(error, [job.treeDir, job.checksDir])}`) };
}

/** Rejects on the first error nobody caught (a throw in a timer of the learner's module, say). */
function uncaughtErrors(): Promise<never> {
  return new Promise((_, reject) => {
    process.on('uncaughtException', reject);
    process.on('unhandledRejection', reject);
  });
}

async function runCheck(job: RunJob, send: (message: WorkerMessage) => void): Promise<CheckOutcome> {
  const endsAt = performance.now() + job.timeoutMs;
  const { module, error } = await importCheckFile(job.checksDir, job.file);
  const list = module?.default;
  const check = Array.isArray(list) ? (list[job.index] as CheckDefinition | undefined) : undefined;
  if (!check || check.id !== job.id || typeof check.run !== 'function') {
    const why = error ? describeError(error, [job.checksDir]) : `it no longer declares "${job.id}" at position ${job.index}`;
    return { status: 'error', message: `The check file ${job.file} could not be used: ${why}` };
  }
  const { context, dispose } = createContext({
    dir: job.treeDir,
    main: job.main,
    endsAt,
    report: (text, loading) => send({ type: 'step', text, loading }),
    relay: (chunk) => process.stderr.write(chunk),
    ports: job.ports,
  });
  try {
    await Promise.race([Promise.resolve().then(() => check.run(context)), uncaughtErrors()]);
    return { status: 'pass' };
  } catch (failure) {
    return outcomeOf(failure, job);
  } finally {
    dispose();
  }
}

// Captured before any learner code runs, like the message writer's functions.
const exit = process.exit.bind(process);

/**
 * A heap snapshot (which the permission model does not gate) or `queryObjects` would show learner code the nonce:
 * in the worker, those functions throw. `syncBuiltinESMExports` makes `import { … } from 'node:v8'` see it too.
 */
function closeHeapViews(): void {
  const views = v8 as unknown as Record<string, unknown>;
  for (const name of ['getHeapSnapshot', 'writeHeapSnapshot', 'queryObjects']) {
    views[name] = () => {
      throw new Error(`v8.${name}() is not available while a check runs`);
    };
  }
  syncBuiltinESMExports();
}

export async function workerMain({ nonce, channel, job }: WorkerInput): Promise<void> {
  closeHeapViews();
  const send = (message: WorkerMessage) => writeAllSync(channel, encodeMessage(nonce, message));
  // Where messages share stdout, nothing else may: whatever the check or learner code prints goes to stderr.
  if (channel === 1) process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  const last: WorkerMessage =
    job.mode === 'list' ? { type: 'list', ...(await listChecks(job.checksDir)) } : { type: 'result', outcome: await runCheck(job, send) };
  send(last);
  exit(0);
}

async function readInput(): Promise<WorkerInput> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString()) as WorkerInput;
}

const runAsScript = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (runAsScript) await workerMain(await readInput());
