/**
 * Resolving a client-supplied path inside a session folder. The syntax check refuses what could never be inside
 * (`..`, absolute, NUL, backslash, empty segments); the walk refuses symbolic links that lead out of the folder,
 * which a learner can create from the terminal.
 */
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { relativePath } from '../schemas/exercise.ts';
import { RequestError } from './request-error.ts';

/** A path the runner refuses; `message` says why in words a learner understands. */
export class PathError extends RequestError {
  override name = 'PathError';

  constructor(message: string) {
    super('bad-path', message);
  }
}

/** The longest file or folder name common file systems accept (NAME_MAX on Linux, macOS and Windows' NTFS). */
const MAX_NAME_BYTES = 255;

function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root + path.sep);
}

/** Refuses a path that is not a plain relative path (see `relativePath` in the exercise schema). */
export function checkPathSyntax(requested: unknown): string {
  if (typeof requested !== 'string') throw new PathError(`expected a path as text, got ${typeof requested}`);
  if (requested === '') throw new PathError('expected a path, got an empty one');
  if (requested.length > 1024) throw new PathError(`path is longer than 1024 characters`);
  const parsed = relativePath.safeParse(requested);
  if (!parsed.success) {
    const shown = JSON.stringify(requested.replaceAll('\0', '\\0'));
    throw new PathError(`${shown}: ${parsed.error.issues[0]?.message ?? 'not a relative path'}`);
  }
  // File systems refuse longer names (ENAMETOOLONG); that is the learner's path, not a fault of the runner.
  const long = parsed.data.split('/').find((segment) => Buffer.byteLength(segment) > MAX_NAME_BYTES);
  if (long) throw new PathError(`"${long.slice(0, 40)}…": a file or folder name may be at most ${MAX_NAME_BYTES} bytes long`);
  return parsed.data;
}

/**
 * The real absolute path for `requested` inside `root` (itself a real path, see `realpath`). Existing symbolic
 * links along the way are followed and must stay inside; the part that does not exist yet is appended as is.
 */
export async function resolveInside(root: string, requested: unknown): Promise<string> {
  const relative = checkPathSyntax(requested);
  // The session folder itself may have been swapped for a link (from the terminal): then nothing inside is safe.
  if ((await realpath(root).catch(() => '')) !== root) {
    throw new PathError(`"${relative}": the exercise folder was moved or replaced; reload the page to start a fresh sandbox`);
  }
  const segments = relative.split('/');
  let current = root;
  for (let i = 0; i < segments.length; i++) {
    const next = path.join(current, segments[i]!);
    let stats;
    try {
      stats = await lstat(next);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return path.join(next, ...segments.slice(i + 1));
      throw error;
    }
    if (stats.isSymbolicLink()) {
      let target: string;
      try {
        target = await realpath(next);
      } catch {
        throw new PathError(`"${relative}": "${segments.slice(0, i + 1).join('/')}" is a symbolic link to nothing`);
      }
      if (!isInside(root, target)) {
        throw new PathError(`"${relative}": "${segments.slice(0, i + 1).join('/')}" is a symbolic link leading outside the exercise folder`);
      }
      current = target;
    } else {
      current = next;
    }
  }
  return current;
}
