/**
 * The folder a grading run works in, under the system temp folder:
 *   tree/    the starter (with the lesson's shared files) with exactly the `editable` paths replaced by the
 *            learner's versions (the cwd of checks)
 *   checks/  a copy of the pristine exercise's checks, marked as ES modules, and the lesson's check helpers in
 *            checks/_shared/
 *   node_modules/  the packages the exercise declares (src/course/packages.ts), found by plain name from both
 * Nothing else of the learner's reaches it: a learner file named like a check is never read.
 */
import { cp, mkdir, mkdtemp, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Exercise } from '../schemas/exercise.ts';
import type { FileMap } from '../schemas/files.ts';
import { copySharedCheckHelpers, copyStarter } from '../course/layout.ts';
import { layPackages } from '../course/packages.ts';
import { GradingSetupError } from './errors.ts';

/** The learner's files: a folder on disk, or contents in memory (the runner and the browser hold them so). */
export type LearnerSource = { dir: string } | { files: FileMap };

export interface GradingFolder {
  /** The folder that holds the three below. */
  root: string;
  treeDir: string;
  checksDir: string;
  /** The declared packages, above treeDir and checksDir; workers may read it, learner code may not change it. */
  packagesDir: string;
  /** Replaces this folder's absolute paths in text for the learner: `server.js:3`, `checks/x.check.js:12`. */
  shorten(text: string): string;
  remove(): Promise<void>;
}

async function learnerVersion(learner: LearnerSource, path: string): Promise<string | undefined> {
  if ('files' in learner) return Object.hasOwn(learner.files, path) ? learner.files[path] : undefined;
  const file = join(learner.dir, path);
  const info = await stat(file).catch(() => undefined);
  return info?.isFile() ? readFile(file, 'utf8') : undefined;
}

/** Copies `<exerciseDir>/checks` (and the lesson's check helpers) to `checksDir`, with a package.json so the check files load as ES modules on any Node. */
export async function copyChecks(exerciseDir: string, checksDir: string): Promise<void> {
  const source = join(exerciseDir, 'checks');
  const info = await stat(source).catch(() => undefined);
  if (!info?.isDirectory()) throw new GradingSetupError(`${source} is missing: an exercise needs a checks/ folder`);
  await cp(source, checksDir, { recursive: true });
  await copySharedCheckHelpers(exerciseDir, checksDir);
  const manifest = join(checksDir, 'package.json');
  if (!(await stat(manifest).catch(() => undefined))) await writeFile(manifest, '{ "type": "module" }\n');
}

export async function createTempFolder(): Promise<string> {
  // realpath: stack traces name real paths, and shortening must match them (macOS links /var to /private/var).
  return realpath(await mkdtemp(join(tmpdir(), 'archlab-grade-')));
}

/** Where a run's parts lie under its folder. */
export function gradingPaths(root: string): Pick<GradingFolder, 'treeDir' | 'checksDir' | 'packagesDir'> {
  return { treeDir: join(root, 'tree'), checksDir: join(root, 'checks'), packagesDir: join(root, 'node_modules') };
}

/**
 * `packages`: the folder of each package the exercise declares (name → folder), laid in node_modules/. `root`: a
 * folder from `createTempFolder` to use instead of a new one (see head-start.ts), holding at most an empty tree/ and node_modules/.
 */
export async function prepareGradingFolder(
  exerciseDir: string,
  exercise: Exercise,
  learner: LearnerSource,
  packages: Record<string, string> = {},
  root?: string,
): Promise<GradingFolder> {
  if ('dir' in learner) {
    const info = await stat(learner.dir).catch(() => undefined);
    if (!info) throw new GradingSetupError(`the folder to grade does not exist: ${learner.dir}`);
    if (!info.isDirectory()) throw new GradingSetupError(`the path to grade is not a folder: ${learner.dir}`);
  }
  root ??= await createTempFolder();
  const { treeDir, checksDir, packagesDir } = gradingPaths(root);
  const remove = () => rm(root, { recursive: true, force: true, maxRetries: 3 });
  try {
    // The tree is kept (a head start's worker already works in it, empty); checks and packages are copied afresh.
    for (const dir of [checksDir, packagesDir]) await rm(dir, { recursive: true, force: true });
    await copyStarter(exerciseDir, treeDir);
    for (const path of exercise.editable) {
      const contents = await learnerVersion(learner, path);
      if (contents === undefined) continue; // a file the learner does not have keeps the starter's version
      await mkdir(dirname(join(treeDir, path)), { recursive: true });
      await writeFile(join(treeDir, path), contents);
    }
    await copyChecks(exerciseDir, checksDir);
    await layPackages(packages, packagesDir);
  } catch (error) {
    await remove();
    throw error;
  }
  const replacements: [string, string][] = [
    [`${pathToFileURL(treeDir).href}/`, ''],
    [`${treeDir}/`, ''],
    [`${pathToFileURL(checksDir).href}/`, 'checks/'],
    [`${checksDir}/`, 'checks/'],
  ];
  return {
    root,
    treeDir,
    checksDir,
    packagesDir,
    shorten: (text) => replacements.reduce((acc, [from, to]) => acc.split(from).join(to), text).replace(/\?import=\d+/g, ''),
    remove,
  };
}
