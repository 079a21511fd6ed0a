/** `npm run build` (vendor bundles, then `astro build`) in a project folder, timed. */
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';

export class BuildFailed extends Error {
  override name = 'BuildFailed';
  constructor(output: string) {
    super(`npm run build failed:\n${problemLines(output)}`);
  }
}

/**
 * The part of a failed build's output that names the problem: from the first error line on (the content check and
 * Astro both print the file first), else the last lines; a few lines either way, not the stack traces.
 */
export function problemLines(output: string, max = 8): string {
  const lines = output.trimEnd().split('\n');
  const first = lines.findIndex((line) => /\berror\b/i.test(line));
  const picked = first >= 0 ? lines.slice(first, first + max) : lines.slice(-max);
  return picked.filter((line) => !/^\s+at /.test(line)).join('\n');
}

export function buildSite(dir: string, timeoutMs = 8 * 60_000): { ms: number } {
  const started = performance.now();
  const result = spawnSync('npm', ['run', '-s', 'build'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    // The bench's own Node (24) first on PATH: the system Node may be too old for Astro.
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` },
  });
  const ms = performance.now() - started;
  if (result.error) throw new Error(`npm run build could not run: ${result.error.message}`);
  if (result.status !== 0) throw new BuildFailed(`${result.stdout}${result.stderr}`);
  return { ms };
}
