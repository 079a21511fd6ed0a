import type { RuntimeKind } from '../schemas/exercise.ts';
import type { FileMap } from '../schemas/files.ts';
import type { OnCheckProgress } from '../schemas/check-progress.ts';
import type { Results } from '../schemas/results.ts';

/** A process attached to a pseudo-terminal inside the sandbox. */
export interface PtyProcess {
  onData(listener: (data: string) => void): () => void;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  kill(): void;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exit: Promise<number | null>;
}

export interface SpawnOptions {
  cols: number;
  rows: number;
}

/**
 * The one interface the workspace talks to. One instance per exercise page; `LocalRuntime` talks to the
 * runner over a WebSocket, `WebContainerRuntime` to a WebContainer booted in the page.
 */
export interface SandboxRuntime {
  readonly kind: RuntimeKind;
  /** Write these files into the exercise folder (creating folders); files not named here stay as they are. */
  mount(files: FileMap): Promise<void>;
  writeFile(path: string, contents: string): Promise<void>;
  readFile(path: string): Promise<string>;
  /** Every file in the exercise folder, sorted, those a process created included; `truncated` when there were too many. */
  list(): Promise<{ paths: string[]; truncated: boolean }>;
  /** An interactive shell on a pty, in the exercise folder. */
  shell(options: SpawnOptions): Promise<PtyProcess>;
  /** Run exercise.json's `main` on a pty with `PORT` set, stopping the previous run first. */
  run(options: SpawnOptions): Promise<PtyProcess>;
  /** Called with a URL the preview can load whenever a sandbox program starts listening on a port. */
  onServerReady(listener: (port: number, url: string) => void): () => void;
  /** Called when the server the preview shows stops listening; only runtimes that can tell offer it. */
  onServerStopped?(listener: (port: number) => void): () => void;
  /** Called with a sentence the learner should read that answers nothing they asked (output slowed, session ended). */
  onNotice(listener: (message: string) => void): () => void;
  /** Grade the current files with the exercise's checks; `onProgress` hears each check start and each verdict as it lands. */
  check(onProgress?: OnCheckProgress): Promise<Results>;
  dispose(): Promise<void>;
}
