/**
 * The files of one session: its folder on disk, and the caps on what the client may put there. The caps count
 * what arrives through the protocol (starter included); files the learner's own programs create are theirs.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { layPackages, packagePaths } from '../course/packages.ts';
import type { FileMap } from '../schemas/files.ts';
import type { Limits } from '../schemas/runner.ts';
import { checkPathSyntax, resolveInside } from './paths.ts';
import { RequestError } from './request-error.ts';

/** Most entries `list` walks before it stops and reports `truncated`. */
const LIST_LIMIT = 5000;

export type FileLimits = Pick<Limits, 'maxFiles' | 'maxFileBytes' | 'maxTotalBytes'>;

function kb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Relative paths of the files under `root`, sorted, without following symbolic links to folders nor entering `hidden` ones. */
async function walk(root: string, limit: number, hidden: ReadonlySet<string> = new Set()): Promise<{ paths: string[]; truncated: boolean }> {
  const paths: string[] = [];
  const pending = [''];
  let seen = 0;
  while (pending.length > 0) {
    const folder = pending.pop()!;
    for (const entry of await readdir(path.join(root, folder), { withFileTypes: true })) {
      if (++seen > limit) return { paths: paths.sort(), truncated: true };
      const relative = folder ? `${folder}/${entry.name}` : entry.name;
      if (hidden.has(relative)) continue;
      if (entry.isDirectory()) pending.push(relative);
      else if (entry.isFile() || entry.isSymbolicLink()) paths.push(relative);
    }
  }
  return { paths: paths.sort(), truncated: false };
}

/** Refuses to write `target` when it is a folder, or a file that shares its contents with other paths (hard links). */
async function checkReplaceable(target: string, relative: string): Promise<Stats | null> {
  const existing = await lstat(target).catch(() => null);
  if (existing?.isDirectory()) throw new RequestError('bad-path', `"${relative}" is a folder, not a file`);
  if (existing?.isFile() && existing.nlink > 1) {
    throw new RequestError(
      'bad-path',
      `"${relative}" is a hard link (one of ${existing.nlink} names of the same file, which may lie outside the exercise folder); ` +
        'the runner does not write through hard links: delete it in the terminal and save again',
    );
  }
  return existing;
}

/**
 * Replaces the file at `target` (a real path inside the session folder) with `contents`: writes a new file beside
 * it and renames that over it. A rename replaces the name itself, so a symbolic link swapped in after the path was
 * checked is replaced rather than followed, and no other name of the old file sees the write.
 */
export async function replaceFile(target: string, relative: string, contents: string): Promise<void> {
  const existing = await checkReplaceable(target, relative);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.archlab-tmp`);
  // `wx` creates the file or fails: a link planted under the temporary name is never followed. An executable keeps its mode.
  await writeFile(temp, contents, { flag: 'wx', mode: existing?.isFile() ? existing.mode & 0o777 : 0o666 });
  try {
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export class SessionFiles {
  /** Real absolute path of the exercise folder inside the session. */
  readonly dir: string;
  readonly #limits: FileLimits;
  /** Bytes of each file written through the protocol, by relative path. */
  readonly #sizes = new Map<string, number>();
  /** Folders left out of listings: the packages laid into node_modules/. */
  readonly #hidden: ReadonlySet<string>;

  private constructor(dir: string, limits: FileLimits, hidden: ReadonlySet<string>) {
    this.dir = dir;
    this.#limits = limits;
    this.#hidden = hidden;
  }

  /**
   * Lays the starter into `dir` (created) with `layStarter` and returns the files with their contents; then the
   * exercise's packages (name → vendored folder) into `node_modules/`, outside the caps and hidden from listings.
   */
  static async fromStarter(
    dir: string,
    layStarter: (dir: string) => Promise<void>,
    limits: FileLimits,
    packages: Record<string, string> = {},
  ): Promise<{ files: SessionFiles; starter: FileMap }> {
    await mkdir(dir, { recursive: true });
    await layStarter(dir);
    const files = new SessionFiles(await realpath(dir), limits, new Set(packagePaths(Object.keys(packages))));
    const starter: FileMap = {};
    for (const relative of (await walk(files.dir, LIST_LIMIT)).paths) {
      const contents = await readFile(path.join(files.dir, relative), 'utf8');
      starter[relative] = contents;
      files.#sizes.set(relative, Buffer.byteLength(contents));
    }
    await layPackages(packages, path.join(files.dir, 'node_modules'));
    return { files, starter };
  }

  /** Throws a `limit` error when writing these files (path → bytes) would break a cap. */
  #checkCaps(incoming: Map<string, number>): void {
    const { maxFiles, maxFileBytes, maxTotalBytes } = this.#limits;
    let count = this.#sizes.size;
    let total = [...this.#sizes.values()].reduce((a, b) => a + b, 0);
    for (const [relative, bytes] of incoming) {
      if (bytes > maxFileBytes) {
        throw new RequestError('limit', `"${relative}" is ${kb(bytes)}; one file may hold at most ${kb(maxFileBytes)}`);
      }
      const previous = this.#sizes.get(relative);
      if (previous === undefined) count++;
      total += bytes - (previous ?? 0);
    }
    if (count > maxFiles) throw new RequestError('limit', `a sandbox may hold at most ${maxFiles} files; this would make ${count}`);
    if (total > maxTotalBytes) {
      throw new RequestError('limit', `a sandbox's files may total at most ${kb(maxTotalBytes)}; this would make ${kb(total)}`);
    }
  }

  /** Writes every file or none: all paths and caps are checked before the first write. */
  async writeAll(files: FileMap): Promise<void> {
    const incoming = new Map<string, number>();
    const targets = new Map<string, string>();
    for (const [relative, contents] of Object.entries(files)) {
      const clean = checkPathSyntax(relative);
      const laid = [...this.#hidden].find((folder) => clean === folder || clean.startsWith(`${folder}/`));
      if (laid) throw new RequestError('bad-path', `"${relative}" belongs to the package in ${laid}/, which is read-only`);
      incoming.set(clean, Buffer.byteLength(contents));
    }
    this.#checkCaps(incoming);
    for (const relative of incoming.keys()) {
      const target = await resolveInside(this.dir, relative);
      await checkReplaceable(target, relative);
      targets.set(relative, target);
    }
    for (const [relative, target] of targets) {
      await mkdir(path.dirname(target), { recursive: true });
      // The parent may have been created through a symbolic link made meanwhile; resolve once more to be sure.
      await replaceFile(await resolveInside(this.dir, relative), relative, files[relative]!);
      this.#sizes.set(relative, incoming.get(relative)!);
    }
  }

  async read(relative: string): Promise<string> {
    const target = await resolveInside(this.dir, relative);
    const stats = await stat(target).catch(() => null);
    if (!stats) throw new RequestError('not-found', `"${relative}" does not exist`);
    if (!stats.isFile()) throw new RequestError('bad-path', `"${relative}" is not a file`);
    if (stats.size > this.#limits.maxFileBytes) {
      throw new RequestError('limit', `"${relative}" is ${kb(stats.size)}; the runner reads files of at most ${kb(this.#limits.maxFileBytes)}`);
    }
    return readFile(target, 'utf8');
  }

  list(): Promise<{ paths: string[]; truncated: boolean }> {
    return walk(this.dir, LIST_LIMIT, this.#hidden);
  }

  /** The current contents of those of `paths` that exist as files (for grading the learner's editable files). */
  async snapshot(paths: readonly string[]): Promise<FileMap> {
    const files: FileMap = {};
    for (const relative of paths) {
      try {
        files[relative] = await this.read(relative);
      } catch (error) {
        if (!(error instanceof RequestError && error.code === 'not-found')) throw error;
      }
    }
    return files;
  }
}
