/** Every file under a folder, as paths relative to it with forward slashes. */
import { readdirSync } from 'node:fs';

export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => `${entry.parentPath}/${entry.name}`.slice(dir.length + 1));
}
