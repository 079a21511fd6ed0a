/**
 * Files the learner makes outside the editor — in the terminal, or by a program they run — brought into the
 * workspace: new paths are reported for the Files region, and the current contents of the editable files are offered
 * to the session (which keeps them as the learner's edit, saved). It looks after the terminals go quiet, not on a
 * timer: a command's files exist once it has printed its output and the prompt.
 */
import type { SandboxRuntime } from '../runtime/types.ts';

/** Quiet time after the last terminal output before the sandbox's files are looked at. */
const QUIET_MS = 400;

/** Folders of installed packages and the like: too many files, none of them the learner's. */
const ignored = (path: string) => path.split('/').includes('node_modules');

export interface FileSyncOptions {
  runtime: Pick<SandboxRuntime, 'list' | 'readFile'>;
  editable: readonly string[];
  /** Paths the Files region shows already. */
  known: Iterable<string>;
  onNewFiles(paths: string[]): void;
  /** The sandbox's current contents of an editable file (often unchanged). */
  onEditableFile(path: string, contents: string): void;
  onProblem(message: string): void;
  quietMs?: number;
}

export interface FileSync {
  /** Terminal output arrived: look again once it has been quiet a moment. */
  activity(): void;
  /** Looks now (one look at a time; a call during a look makes one more after it). */
  refresh(): Promise<void>;
}

export function createFileSync(options: FileSyncOptions): FileSync {
  const known = new Set(options.known);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  async function look(): Promise<void> {
    const { paths } = await options.runtime.list();
    const fresh = paths.filter((path) => !known.has(path) && !ignored(path));
    for (const path of fresh) known.add(path);
    if (fresh.length) options.onNewFiles(fresh);
    for (const path of options.editable.filter((p) => paths.includes(p))) options.onEditableFile(path, await options.runtime.readFile(path));
  }

  async function refresh(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await look().catch((error: Error) => options.onProblem(`The files the terminal made could not be listed: ${error.message}`));
      } while (again);
    })();
    try {
      await running;
    } finally {
      running = undefined;
    }
  }

  return {
    activity() {
      clearTimeout(timer);
      timer = setTimeout(() => void refresh(), options.quietMs ?? QUIET_MS);
    },
    refresh,
  };
}
