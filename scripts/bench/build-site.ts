/** `npx astro build` in a project folder, timed. */
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';

export interface Build {
  ms: number;
}

/** The last lines of a failed build's output: where Astro and the content check name the problem. */
function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export function buildSite(dir: string, timeoutMs = 8 * 60_000): Build {
  const started = performance.now();
  const result = spawnSync('npx', ['astro', 'build'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    // The bench's own Node (24) first on PATH: the system Node may be too old for Astro.
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` },
  });
  const ms = performance.now() - started;
  if (result.error) throw new Error(`astro build could not run: ${result.error.message}`);
  if (result.status !== 0) throw new BuildFailed(tail(`${result.stdout}${result.stderr}`));
  return { ms };
}

export class BuildFailed extends Error {
  override name = 'BuildFailed';
  constructor(output: string) {
    super(`astro build failed:\n${output}`);
  }
}
