/** The context object `t` a check body receives, built inside the check's worker process. */
import { resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { commandArgv } from '../process/command.ts';
import { MARKER_VARIABLE, withMarker } from '../process/marker.ts';
import { canListen, freePort as kernelPort } from '../process/ports.ts';
import type { CheckContext, FakeClock } from './api.ts';
import { createAssertions } from './assertions.ts';
import { CheckFailure, LoadError } from './errors.ts';
import { installFakeClock } from './fake-clock.ts';
import { httpRequest } from './http.ts';
import { Program } from './program.ts';
import { seededRandom } from './random.ts';

export interface ContextOptions {
  /** The graded folder. */
  dir: string;
  /** exercise.json's `main`. */
  main: string;
  /** `performance.now()` value when the check must be over. */
  endsAt: number;
  /**
   * Tells the grading process what the check is doing now, for a timeout message. While `loading`, `text` reads
   * as a subject ("Importing lib.js"); otherwise as an activity ("waiting for a response to GET /"); '' for none.
   */
  report(text: string, loading: boolean): void;
  /** Where a started program's output goes (the check's captured output). */
  relay(chunk: Buffer): void;
  /** Ports the grading process's allocator reserved for this check (src/process/port-allocator.ts). */
  ports: readonly number[];
}

/** Time kept back from "the rest of the check" so a helper can still report before the check is killed. */
const MARGIN_MS = 300;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `path:line` of the first stack frame inside one of `dirs` (the grading process shortens the path). */
function locationIn(error: unknown, dirs: readonly string[]): string | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  for (const match of stack.matchAll(/(?:file:\/\/)?(\/[^\s():?]+)(?:\?[^\s:]*)?:(\d+)(?::\d+)?/g)) {
    if (dirs.some((dir) => match[1]!.startsWith(dir + sep))) return `${match[1]}:${match[2]}`;
  }
  return undefined;
}

/** `"TypeError: x is not a function (/tmp/…/server.js:12)"`, pointing at the first line inside `dirs`. */
export function describeError(error: unknown, dirs: readonly string[]): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const where = locationIn(error, dirs);
  return where ? `${text} (${where})` : text;
}

export function createContext(options: ContextOptions): { context: CheckContext; dispose(): void } {
  const programs: Program[] = [];
  // t.freePort and t.start take these first; the kernel's free ports only when a check needs more.
  const spare = [...options.ports];
  let clock: FakeClock | undefined;
  let imports = 0;
  const remaining = () => Math.max(0, options.endsAt - performance.now() - MARGIN_MS);

  const context: CheckContext = {
    dir: options.dir,

    async import(path) {
      const file = resolve(options.dir, path);
      if (!file.startsWith(options.dir + sep)) throw new Error(`t.import: "${path}" is outside the graded folder`);
      options.report(`Importing ${path}`, true);
      try {
        // A new query string makes Node evaluate the module again instead of returning the cached instance.
        return await import(`${pathToFileURL(file).href}?import=${++imports}`);
      } catch (error) {
        throw new LoadError(`importing ${path} failed: ${describeError(error, [options.dir])}`);
      } finally {
        options.report('', false);
      }
    },

    async start(startOptions = {}) {
      const command = startOptions.command ?? options.main;
      const launch = async () => {
        const port = await context.freePort();
        const env = { ...process.env, PORT: String(port), ...startOptions.env };
        const marker = process.env[MARKER_VARIABLE];
        const program = new Program({
          argv: commandArgv(command),
          label: command,
          cwd: options.dir,
          env: marker ? withMarker(env, marker) : env,
          port,
          relay: options.relay,
        });
        programs.push(program);
        return program;
      };
      let program = await launch();
      if (startOptions.waitForPort === false) return program;
      options.report(`Starting \`${command}\``, true);
      try {
        await program.waitUntilListening(startOptions.readyTimeout ?? remaining());
      } catch (error) {
        // Another process took the port between our probe and the program's listen: not the learner's doing, so
        // once, on another port, before it counts. A program that ignores PORT fails the same way again.
        if (!(program.exited && program.output().includes('EADDRINUSE'))) throw error;
        program = await launch();
        await program.waitUntilListening(startOptions.readyTimeout ?? remaining());
      }
      options.report('', false);
      return program;
    },

    async http(target, path, httpOptions) {
      const url = typeof target === 'string' ? new URL(target) : new URL(target.url(path ?? '/'));
      options.report(`waiting for a response to ${(httpOptions?.method ?? 'GET').toUpperCase()} ${url.pathname}${url.search}`, false);
      return httpRequest(url, httpOptions);
    },

    async freePort() {
      while (spare.length) {
        const port = spare.shift()!;
        if (await canListen(port)) return port;
      }
      return kernelPort();
    },

    async eventually(fn, { within = 2000, interval = 50, until } = {}) {
      const stopAt = performance.now() + within;
      for (;;) {
        let failure: unknown;
        try {
          const value = await fn();
          if (!until || until(value)) return value;
          failure = new CheckFailure(`the expected state was not reached within ${within} ms`, { actual: value });
        } catch (error) {
          failure = error;
        }
        if (performance.now() + interval > stopAt) throw failure;
        await delay(interval);
      }
    },

    useFakeClock(startMs) {
      clock?.uninstall();
      clock = installFakeClock(startMs);
      return clock;
    },

    random(seed, { install = false } = {}) {
      const next = seededRandom(seed);
      if (install) Math.random = next;
      return next;
    },

    sleep: delay,

    log(...values) {
      process.stderr.write(`${format(...values)}\n`);
    },

    assert: createAssertions(),
  };

  return {
    context,
    dispose() {
      clock?.uninstall();
      for (const program of programs) program.kill();
    },
  };
}
