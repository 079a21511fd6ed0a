/**
 * What a screen too narrow for the workspace still gets: the saved task statuses and this page remembered as the
 * last position. Loaded instead of the workspace, so a phone shows the learner's progress with read-only code.
 */
import { recordVisit } from '../ui/position.ts';
import { pageStore } from '../progress/page-store.ts';
import type { WorkspaceConfig } from './config.ts';
import { showTaskStatuses, taskStatuses } from './task-status.ts';

export async function showSavedProgress(root: HTMLElement): Promise<void> {
  const { exerciseId } = JSON.parse(root.dataset.workspace ?? '{}') as WorkspaceConfig;
  const doc = root.ownerDocument;
  const store = await pageStore();
  void recordVisit(store, { kind: 'exercise', id: exerciseId }, doc);
  const saved = await store.loadResults(exerciseId);
  if (!saved) return;
  const taskIds = [...doc.querySelectorAll<HTMLElement>('[data-task-status]')].map((span) => span.dataset.taskStatus!);
  showTaskStatuses(doc, taskStatuses(saved.results, taskIds));
}
