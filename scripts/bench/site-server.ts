/** Starts the project's own server (`src/server/main.ts`, what `npm start` runs) over a built copy, on a free port. */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { once } from 'node:events';

export interface RunningServer {
  /** `http://localhost:<port>` (no trailing slash). */
  origin: string;
  port: number;
  /** The runner token the server was started with (`ARCHLAB_TOKEN`): its link sets the runner cookie. */
  token: string;
  pid: number;
  /** Null while the server runs; once it has exited on its own, how it exited and the last of its output. */
  crash(): string | null;
  stop(): Promise<void>;
}

/** Servers not yet stopped; an interrupted bench stops them on its way out (SIGTERM: they end their sandboxes). */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGTERM');
});

const READY = /serving the lab on http:\/\/localhost:(\d+)\//;

export async function startSiteServer(projectDir: string, timeoutMs = 60_000): Promise<RunningServer> {
  const token = randomBytes(24).toString('base64url');
  const child = spawn(process.execPath, [join(projectDir, 'src/server/main.ts')], {
    cwd: projectDir,
    env: { ...process.env, PORT: '0', ASTRO_TELEMETRY_DISABLED: '1', ARCHLAB_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.on('exit', () => live.delete(child));
  // The tail of what the server printed, for the error when it does not start.
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not report its address within ${timeoutMs / 1000} s`), timeoutMs);
    const onExit = (code: number | null, signal: string | null) => fail(`exited (${signal ?? `code ${code}`}) before serving`);
    function fail(why: string) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`the site server ${why}:\n${output.trim()}`));
    }
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-16_384);
      const match = READY.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve(Number(match[1]));
    };
    // Kept on for the server's whole life: an unread pipe would eventually block it.
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', onExit);
  });
  let stopping = false;
  let exit: string | null = null;
  child.on('exit', (code, signal) => {
    if (!stopping) exit = `the site server exited (${signal ?? `code ${code}`}); its last output:\n${output.trim().split('\n').slice(-20).join('\n')}`;
  });
  return {
    origin: `http://localhost:${port}`,
    port,
    token,
    pid: child.pid!,
    crash: () => exit,
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      // SIGTERM lets the runner end every sandbox it started before the server goes.
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
