/**
 * A grading run begun before the Check that needs it: its folder (under the system temp folder, laid out as
 * grading-folder.ts describes) and the first check's worker, which starts Node and then waits on stdin for its job.
 * A runner session keeps one ready, so pressing Check does not wait for a Node process to start. The folder is
 * filled (starter, the learner's files, checks, packages) only when the run starts: nothing in it goes stale.
 */
import { mkdir, rm } from 'node:fs/promises';
import { copyChecks, createTempFolder, gradingPaths } from './grading-folder.ts';
import { spawnWorker, type SpawnedWorker, type WorkerSpawnOptions } from './run-worker.ts';
import { readWorkerCode, type WorkerCode } from './worker-code.ts';

export interface HeadStart {
  /** The run's folder, for `prepareGradingFolder`. */
  root: string;
  /** The run's marker: its worker carries `<marker>:check-0`. */
  marker: string;
  /**
   * The worker, when it was started with the code and access `code` calls for (the checks may have changed since)
   * and is still alive; otherwise it is ended and undefined. Call once.
   */
  take(code: WorkerCode): Promise<SpawnedWorker | undefined>;
  /** Ends the worker and removes the folder, for a run that will not happen. */
  discard(): Promise<void>;
}

/** How check worker `index` of the run in `root` starts. */
export function checkWorkerSpawn(root: string, marker: string, index: number, code: WorkerCode): WorkerSpawnOptions {
  const { treeDir, packagesDir } = gradingPaths(root);
  return {
    cwd: treeDir,
    marker: `${marker}:check-${index}`,
    code,
    // Learner code may read and write the graded folder only (and read the run's packages); processes only when a check starts the program.
    access: { read: [treeDir, packagesDir], write: [treeDir], processes: code.startsPrograms },
  };
}

export async function headStart(exerciseDir: string, marker: string): Promise<HeadStart> {
  const root = await createTempFolder();
  let code: WorkerCode;
  let worker: SpawnedWorker;
  try {
    const { treeDir, checksDir, packagesDir } = gradingPaths(root);
    // The checks as they are now tell the worker's entry file and whether it may start processes; the run copies
    // them again, and `take` compares.
    await copyChecks(exerciseDir, checksDir);
    code = await readWorkerCode(checksDir);
    // The folders the worker may use must exist when it starts: Node grants a whole folder only to one it finds.
    for (const dir of [treeDir, packagesDir]) await mkdir(dir);
    worker = spawnWorker(checkWorkerSpawn(root, marker, 0, code));
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  return {
    root,
    marker,
    async take(now) {
      const same = now.entryFile === code.entryFile && now.startsPrograms === code.startsPrograms;
      if (same && !worker.ended) return worker;
      await worker.discard();
      return undefined;
    },
    async discard() {
      await worker.discard();
      await rm(root, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
