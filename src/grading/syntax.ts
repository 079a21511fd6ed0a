/** Parsing the learner's editable JavaScript files before any check runs, so a typo is reported with its file and line. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { killTree } from '../process/kill-tree.ts';
import { withMarker } from '../process/marker.ts';
import { signalGroup, spawnInGroup } from '../process/process-group.ts';
import { sourceExcerpt, summarizeNodeError } from './node-errors.ts';
import { OutputCap } from './output-cap.ts';

const SCRIPT = /\.(?:js|mjs|cjs)$/;

/** `node --check` on one file: its error output, or undefined when it parses. */
function checkFile(file: string, cwd: string, marker: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const output = new OutputCap(16 * 1024);
    const child = spawnInGroup(process.execPath, ['--check', file], {
      cwd,
      env: withMarker(process.env, marker),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.on('data', (chunk: Buffer) => output.write(chunk));
    const timer = setTimeout(() => child.pid !== undefined && signalGroup(child.pid, 'SIGKILL'), timeoutMs);
    child.once('error', (error) => resolve(error.message));
    child.once('close', async (code) => {
      clearTimeout(timer);
      await killTree(marker, child.pid);
      resolve(code === 0 ? undefined : output.text() || `node --check ${file} failed without a message`);
    });
  });
}

/**
 * The first syntax error among `paths` (those ending in .js, .mjs or .cjs that exist in `treeDir`), described as
 * `/abs/server.js:3: SyntaxError: Unexpected token ';'` plus the offending line; undefined when all parse.
 */
export async function findSyntaxError(treeDir: string, paths: readonly string[], marker: string, timeoutMs: number): Promise<string | undefined> {
  const scripts = paths.filter((path) => SCRIPT.test(path) && existsSync(join(treeDir, path)));
  const reports = await Promise.all(scripts.map((path, i) => checkFile(join(treeDir, path), treeDir, `${marker}:syntax-${i}`, timeoutMs)));
  const report = reports.find((r) => r !== undefined);
  if (report === undefined) return undefined;
  const summary = summarizeNodeError(report) ?? report.trim().split('\n')[0]!;
  const excerpt = sourceExcerpt(report);
  return excerpt ? `${summary}\n${excerpt}` : summary;
}
