/**
 * The code a check worker runs, read once per grading before any learner code runs: the harness (the bundled
 * `check-worker.js`) and every file of the exercise's checks. Each worker gets it from memory (see run-worker.ts),
 * so learner code that rewrites the files on disk changes nothing a later check runs.
 */
import { readdir, readFile } from 'node:fs/promises';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface WorkerCode {
  /** The harness's file path; run directly where the code cannot be served from memory. */
  entryFile: string;
  /** file URL → source, for every module served from memory (the bundled harness and the check files). */
  sources: Record<string, string>;
  /** Some check file starts the learner's program (`t.start`), so workers may start processes. */
  startsPrograms: boolean;
}

const here = fileURLToPath(import.meta.url);

/** Newest modification time of the .ts files in `dirs`. */
function newestSource(dirs: readonly string[]): number {
  let newest = 0;
  for (const dir of dirs) {
    for (const name of readdirSync(dir)) if (name.endsWith('.ts')) newest = Math.max(newest, statSync(join(dir, name)).mtimeMs);
  }
  return newest;
}

/**
 * The worker's entry file. Bundled (`.archlab/grading/`), it sits beside this file. From source, the bundle
 * `npm run vendor` made is used while it is newer than every source file of the worker, because Node needs far
 * longer to start a worker from TypeScript than from one bundled file; otherwise the .ts source itself (which
 * then loads from the project's `src/`, outside anything a worker may write).
 */
function workerFile(): string {
  if (!here.endsWith('.ts')) return join(dirname(here), 'check-worker.js');
  const bundled = join(dirname(here), '../../.archlab/grading/check-worker.js');
  const builtAt = statSync(bundled, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const sources = [dirname(here), join(dirname(here), '../process')];
  return builtAt > newestSource(sources) ? bundled : join(dirname(here), 'check-worker.ts');
}

/** The project folder when running from source (`src/` and package.json), for a worker's read permission. */
export function sourceRoot(entryFile: string): string | undefined {
  return entryFile.endsWith('.ts') ? join(dirname(entryFile), '../..') : undefined;
}

const CHECK_MODULE = /\.(?:js|mjs)$/;
const STARTS_PROGRAM = /\.start\s*\(/;

export async function readWorkerCode(checksDir: string): Promise<WorkerCode> {
  const entryFile = workerFile();
  const sources: Record<string, string> = {};
  if (entryFile.endsWith('.js')) sources[pathToFileURL(entryFile).href] = await readFile(entryFile, 'utf8');
  let startsPrograms = false;
  const readFolder = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await readFolder(path);
      else if (entry.isFile() && CHECK_MODULE.test(entry.name)) {
        const source = await readFile(path, 'utf8');
        sources[pathToFileURL(path).href] = source;
        startsPrograms ||= STARTS_PROGRAM.test(source);
      }
    }
  };
  await readFolder(checksDir);
  return { entryFile, sources, startsPrograms };
}
