/**
 * A throwaway copy of the project to build and serve, so the bench never touches the checkout's `dist/` or caches
 * while others work in it.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/** Top-level entries that are outputs, caches or history, not sources. */
const notCopied = new Set(['node_modules', 'dist', '.astro', '.git', 'test-results', 'playwright-report', '.archlab', 'bench']);

/** Caches Astro and Vite keep under `node_modules/`; each copy needs its own so builds stay cold and independent. */
const cacheDirs = ['.astro', '.vite'];

/** Copies not yet removed; an interrupted bench removes them on its way out. */
const live = new Set<string>();
process.on('exit', () => {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
});

export interface ProjectCopy {
  dir: string;
  /** Deletes build output and caches so the next build starts cold. */
  clearBuild(): void;
  remove(): void;
}

export function copyProject(root: string, label: string): ProjectCopy {
  const dir = mkdtempSync(join(tmpdir(), `archlab-bench-${label}-`));
  live.add(dir);
  cpSync(root, dir, { recursive: true, filter: (src) => !notCopied.has(relative(root, src).split('/')[0] ?? '') });
  // One link per package rather than one for the whole folder: Astro writes its content cache into node_modules/.
  const modules = join(dir, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (!cacheDirs.includes(name)) symlinkSync(join(root, 'node_modules', name), join(modules, name));
  }
  return {
    dir,
    clearBuild() {
      for (const path of ['dist', '.astro', ...cacheDirs.map((c) => join('node_modules', c))]) {
        rmSync(join(dir, path), { recursive: true, force: true });
      }
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
      live.delete(dir);
    },
  };
}
