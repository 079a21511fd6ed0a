/**
 * Parsing the learner's editable JavaScript files before any check runs, so a typo is reported with its file and
 * line. Files are parsed here first (acorn, in this process: no Node to start while the first checks start theirs);
 * only a file that does not parse is handed to `node --check`, whose verdict and message are the ones reported.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { parse } from 'acorn';
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

type SourceType = 'module' | 'script';

/** How Node may load `path`: by extension, else by the nearest package.json's "type" within `treeDir`, else either. */
async function sourceTypes(treeDir: string, path: string): Promise<SourceType[]> {
  if (path.endsWith('.mjs')) return ['module'];
  if (path.endsWith('.cjs')) return ['script'];
  for (let dir = dirname(join(treeDir, path)); !relative(treeDir, dir).startsWith('..'); dir = dirname(dir)) {
    const manifest = await readFile(join(dir, 'package.json'), 'utf8').catch(() => undefined);
    if (manifest === undefined) continue;
    let type: unknown;
    try {
      type = (JSON.parse(manifest) as { type?: unknown }).type;
    } catch {
      break; // Node itself reports a broken package.json; the checks will show it
    }
    return type === 'module' ? ['module'] : ['script'];
  }
  // No "type": Node loads the file as CommonJS, or as a module when it has module syntax.
  return ['script', 'module'];
}

/** Whether `source` parses as one of `types` (a script as CommonJS wraps it: a top-level return is allowed). */
export function parsesAs(source: string, types: readonly SourceType[]): boolean {
  return types.some((sourceType) => {
    try {
      parse(source, { ecmaVersion: 'latest', sourceType, allowHashBang: true, allowReturnOutsideFunction: sourceType === 'script' });
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * The first syntax error among `paths` (those ending in .js, .mjs or .cjs that exist in `treeDir`), described as
 * `/abs/server.js:3: SyntaxError: Unexpected token ';'` plus the offending line; undefined when all parse.
 */
export async function findSyntaxError(treeDir: string, paths: readonly string[], marker: string, timeoutMs: number): Promise<string | undefined> {
  const scripts = paths.filter((path) => SCRIPT.test(path) && existsSync(join(treeDir, path)));
  const reports = await Promise.all(
    scripts.map(async (path, i) => {
      const parses = parsesAs(await readFile(join(treeDir, path), 'utf8'), await sourceTypes(treeDir, path));
      return parses ? undefined : checkFile(join(treeDir, path), treeDir, `${marker}:syntax-${i}`, timeoutMs);
    }),
  );
  const report = reports.find((r) => r !== undefined);
  if (report === undefined) return undefined;
  const summary = summarizeNodeError(report) ?? report.trim().split('\n')[0]!;
  const excerpt = sourceExcerpt(report);
  return excerpt ? `${summary}\n${excerpt}` : summary;
}
