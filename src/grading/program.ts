/** `t.start()`: the learner's program as a child process of the check, on its own free port. */
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import { accepts } from '../process/ports.ts';
import type { StartedProgram } from './api.ts';
import { CheckFailure, LoadError } from './errors.ts';
import { summarizeNodeError } from './node-errors.ts';
import { OutputCap } from './output-cap.ts';

const KEPT_OUTPUT = 64 * 1024;
const MAX_LINE = 64 * 1024;

export interface ProgramOptions {
  argv: [string, ...string[]];
  /** The command as the author wrote it, for messages. */
  label: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  port: number;
  /** Receives everything the program prints, as it arrives. */
  relay: (chunk: Buffer) => void;
}

type Exit = { code: number | null; signal: string | null };

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Program implements StartedProgram {
  readonly port: number;
  /** Where the program accepts connections: IPv4 loopback unless it listens on `::1` only. */
  host = '127.0.0.1';
  private readonly child: ChildProcess;
  private readonly label: string;
  private readonly cwd: string;
  private readonly kept = new OutputCap(KEPT_OUTPUT);
  private partialLine = '';
  private readonly lineWaiters = new Set<(line: string) => void>();
  private exitInfo: Exit | null = null;
  private readonly exitPromise: Promise<Exit>;

  constructor(options: ProgramOptions) {
    const [command, ...args] = options.argv;
    this.port = options.port;
    this.label = options.label;
    this.cwd = options.cwd;
    // Same process group as the check: when the check's group is killed, the program goes with it.
    this.child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.exitPromise = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
      this.child.once('error', (error) => {
        this.onOutput(Buffer.from(`${error.message}\n`), options.relay);
        this.exitInfo = { code: null, signal: null };
        resolve(this.exitInfo);
      });
    });
    this.child.stdout!.on('data', (chunk: Buffer) => this.onOutput(chunk, options.relay));
    this.child.stderr!.on('data', (chunk: Buffer) => this.onOutput(chunk, options.relay));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get exited(): boolean {
    return this.exitInfo !== null;
  }

  url(path = '/'): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `http://${host}:${this.port}${path.startsWith('/') ? path : `/${path}`}`;
  }

  output(): string {
    return this.kept.text();
  }

  waitForOutput(pattern: RegExp, timeout = 2000): Promise<string> {
    const earlier = this.output().split('\n').find((line) => pattern.test(line));
    if (earlier !== undefined) return Promise.resolve(earlier);
    return new Promise((resolve, reject) => {
      const waiter = (line: string) => {
        if (!pattern.test(line)) return;
        this.lineWaiters.delete(waiter);
        clearTimeout(timer);
        resolve(line);
      };
      const timer = setTimeout(() => {
        this.lineWaiters.delete(waiter);
        reject(new CheckFailure(`the program printed no line matching ${pattern} within ${timeout} ms`));
      }, timeout);
      this.lineWaiters.add(waiter);
    });
  }

  signal(signal: NodeJS.Signals): void {
    if (!this.exited) this.child.kill(signal);
  }

  async waitForExit(timeout = 5000): Promise<Exit | null> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeout)));
    try {
      return await Promise.race([this.exitPromise, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends the program at once (the check is over). */
  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  /** Resolves once the program accepts connections; a LoadError when it exits first or `timeout` ms pass. */
  async waitUntilListening(timeout: number): Promise<void> {
    const until = performance.now() + timeout;
    for (;;) {
      if (this.exitInfo) throw new LoadError(this.exitedEarly(this.exitInfo));
      for (const host of ['127.0.0.1', '::1']) {
        if (await accepts(this.port, host)) {
          this.host = host;
          return;
        }
      }
      if (performance.now() >= until) {
        throw new LoadError(
          `\`${this.label}\` did not accept connections on PORT (${this.port}) within ${(timeout / 1000).toFixed(1)} s. ` +
            'Does it listen on process.env.PORT, and does its startup code finish?',
        );
      }
      await Promise.race([delay(25), this.exitPromise]);
    }
  }

  private exitedEarly(exit: Exit): string {
    const how = exit.signal ? `was ended by ${exit.signal}` : `exited with code ${exit.code}`;
    const error = summarizeNodeError(this.output(), this.cwd);
    return `\`${this.label}\` ${how} before it accepted connections on PORT${error ? `: ${error}` : ''}`;
  }

  private onOutput(chunk: Buffer, relay: (chunk: Buffer) => void): void {
    relay(chunk);
    this.kept.write(chunk);
    if (this.lineWaiters.size === 0) {
      this.partialLine = '';
      return;
    }
    const lines = (this.partialLine + chunk.toString()).split('\n');
    this.partialLine = (lines.pop() ?? '').slice(-MAX_LINE);
    for (const line of lines) for (const waiter of [...this.lineWaiters]) waiter(line);
  }
}
