/**
 * The course on disk, in one place: lessons are `lessons/<slug>.mdx`, exercises are the folders
 * `sandboxes/<slug>/<exercise>/` (exercise.json, instructions.md, starter/, solution/, checks/, wrong/<name>/,
 * right/<name>/). Folders whose name starts with `_` beside the exercises belong to the lesson, not to one exercise:
 * `sandboxes/<slug>/_shared/` holds files every exercise of the lesson gets read-only beside its starter, and
 * `_shared/checks/` check helpers every check of the lesson imports as `./_shared/<file>` (laid into the checks
 * folder of a grading run there; learners never see them).
 */
import { existsSync, readdirSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { readExercise, readFolderFiles } from '../grading/exercise-files.ts';
import type { Exercise } from '../schemas/exercise.ts';
import type { FileMap } from '../schemas/files.ts';

export const SANDBOXES = 'sandboxes';
export const LESSONS = 'lessons';

/** `<root>/sandboxes`; `root` is the project root (build and CLIs run there). */
export const sandboxesDir = (root = process.cwd()): string => join(root, SANDBOXES);

/** `<root>/sandboxes/<slug>/<exercise>` for the id `<slug>/<exercise>`. */
export const exerciseDir = (id: string, root = process.cwd()): string => join(sandboxesDir(root), ...id.split('/'));

/** The lesson folder of files every exercise shares. */
export const SHARED = '_shared';
/** Inside SHARED: the lesson's check helpers; inside a grading run's checks folder: where they are laid. */
export const SHARED_CHECKS = 'checks';

/** `sandboxes/<slug>/_shared` of the exercise folder `dir`. */
export const sharedDir = (dir: string): string => join(dirname(dir), SHARED);

/** The lesson's shared files an exercise's learner gets (its check helpers left out), as path → contents. */
export async function readSharedFiles(dir: string): Promise<FileMap> {
  const files = await readFolderFiles(sharedDir(dir));
  return Object.fromEntries(Object.entries(files).filter(([path]) => !path.startsWith(`${SHARED_CHECKS}/`)));
}

/** The lesson's check helpers of exercise folder `dir`, as path → contents (relative to `_shared/checks/`). */
export const readSharedCheckHelpers = (dir: string): Promise<FileMap> => readFolderFiles(join(sharedDir(dir), SHARED_CHECKS));

/** What the learner starts from: the lesson's shared files with the exercise's `starter/` beside them. */
export async function readStarter(dir: string): Promise<FileMap> {
  return { ...(await readSharedFiles(dir)), ...(await readFolderFiles(join(dir, 'starter'))) };
}

/** Lays readStarter's files into `dest` (created) as they are on disk. */
export async function copyStarter(dir: string, dest: string): Promise<void> {
  const shared = sharedDir(dir);
  if (existsSync(shared)) {
    const helpers = join(shared, SHARED_CHECKS);
    await cp(shared, dest, { recursive: true, filter: (source) => source !== helpers && !source.startsWith(`${helpers}${sep}`) });
  }
  await cp(join(dir, 'starter'), dest, { recursive: true });
}

/** Lays the lesson's check helpers of exercise folder `dir` into `checksDir/_shared/`, when it has any. */
export async function copySharedCheckHelpers(dir: string, checksDir: string): Promise<void> {
  const helpers = join(sharedDir(dir), SHARED_CHECKS);
  if (existsSync(helpers)) await cp(helpers, join(checksDir, SHARED), { recursive: true });
}

/** Sub-folders of `dir`, sorted; `[]` when it does not exist. */
export function listFolders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** A folder beside the exercises that belongs to the lesson (e.g. its shared files), never an exercise. */
export const isLessonFolder = (name: string): boolean => name.startsWith('_');

/** Every `<slug>/<exercise>` folder under `sandboxes/` (whether or not it holds a valid exercise), in sorted order. */
export function findExercises(root = process.cwd()): string[] {
  const ids: string[] = [];
  for (const slug of listFolders(sandboxesDir(root))) {
    for (const name of listFolders(join(sandboxesDir(root), slug))) if (!isLessonFolder(name)) ids.push(`${slug}/${name}`);
  }
  return ids;
}

/** True when the exercise folder of `id` holds a manifest. */
export const isExercise = (id: string, root = process.cwd()): boolean => existsSync(join(exerciseDir(id, root), 'exercise.json'));

export interface Variant {
  name: string;
  files: FileMap;
}

export interface ExerciseFolder {
  id: string;
  dir: string;
  manifest: Exercise;
  /** `starter/` alone; readStarter adds the lesson's shared files. */
  starter: FileMap;
  /** The lesson's shared files (check helpers left out). */
  shared: FileMap;
  /** The lesson's check helpers. */
  sharedChecks: FileMap;
  solution: FileMap;
  checks: FileMap;
  wrong: Variant[];
  right: Variant[];
}

async function readVariants(dir: string): Promise<Variant[]> {
  return Promise.all(listFolders(dir).map(async (name) => ({ name, files: await readFolderFiles(join(dir, name)) })));
}

/** The whole exercise `id`, its manifest validated (a GradingSetupError naming the problem otherwise). */
export const readExerciseFolder = (id: string, root = process.cwd()): Promise<ExerciseFolder> => readExerciseFolderAt(exerciseDir(id, root), id);

/** As readExerciseFolder, for an exercise folder anywhere (tests and fixtures keep theirs outside `sandboxes/`). */
export async function readExerciseFolderAt(dir: string, id: string): Promise<ExerciseFolder> {
  const [manifest, starter, shared, sharedChecks, solution, checks, wrong, right] = await Promise.all([
    readExercise(dir),
    readFolderFiles(join(dir, 'starter')),
    readSharedFiles(dir),
    readSharedCheckHelpers(dir),
    readFolderFiles(join(dir, 'solution')),
    readFolderFiles(join(dir, 'checks')),
    readVariants(join(dir, 'wrong')),
    readVariants(join(dir, 'right')),
  ]);
  return { id, dir, manifest, starter, shared, sharedChecks, solution, checks, wrong, right };
}

/**
 * The exercise ids a command line names: `<slug>/<exercise>` as is, a bare `<slug>` as every exercise of that
 * lesson, nothing as the whole course. Names that match nothing come back in `unknown`.
 */
export function selectExercises(requested: readonly string[], root = process.cwd()): { ids: string[]; unknown: string[] } {
  const all = findExercises(root);
  if (!requested.length) return { ids: all, unknown: [] };
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const name of requested) {
    const matches = name.includes('/') ? all.filter((id) => id === name) : all.filter((id) => id.startsWith(`${name}/`));
    if (matches.length) ids.push(...matches.filter((id) => !ids.includes(id)));
    else unknown.push(name);
  }
  return { ids, unknown };
}
