import type { RuntimeKind } from '../schemas/exercise.ts';

/** What the page tells the workspace script about its exercise (`data-workspace` on the workspace element). */
export interface WorkspaceConfig {
  exerciseId: string;
  /** exercise.json's `main`: what Run executes. */
  main: string;
  editable: string[];
  runtimes: RuntimeKind[];
  /** The exercise's files.json, relative to the page. */
  filesUrl: string;
}
