import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the site is built from; a change to any of these makes `dist/` stale. */
export const buildInputs = ['lessons', 'sandboxes', 'src', 'public', 'astro.config.ts', 'package.json', 'package-lock.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** True when `dist/` is missing or older than any build input. */
export function isBuildStale(root: string, distDir: string): boolean {
  const stamp = join(distDir, 'index.html');
  if (!existsSync(stamp)) return true;
  const builtAt = statSync(stamp).mtimeMs;
  return buildInputs.some((input) => newestMtime(join(root, input)) > builtAt);
}
