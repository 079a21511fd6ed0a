import type { Results } from '../schemas/results.ts';

export type TaskStatus = 'pass' | 'fail' | 'unchecked';

export const taskStatusText: Record<TaskStatus, string> = { pass: 'Passed', fail: 'Failing', unchecked: 'Not checked yet' };

/**
 * Each task's status from a check run: passed when it has checks and all passed, failing when any failed or
 * errored, unchecked when no check of it ran. A run-level error (the code did not load) fails every task.
 */
export function taskStatuses(results: Results, taskIds: readonly string[]): Map<string, TaskStatus> {
  const statuses = new Map<string, TaskStatus>();
  for (const id of taskIds) {
    const tests = results.tests.filter((t) => t.task_id === id);
    if (results.status === 'error' && tests.every((t) => t.status === 'pass')) statuses.set(id, 'fail');
    else if (tests.length === 0) statuses.set(id, 'unchecked');
    else statuses.set(id, tests.every((t) => t.status === 'pass') ? 'pass' : 'fail');
  }
  return statuses;
}

/** Fills the Tasks list's status spans (`[data-task-status=<id>]`). */
export function showTaskStatuses(doc: Document, statuses: Map<string, TaskStatus>): void {
  for (const span of doc.querySelectorAll<HTMLElement>('[data-task-status]')) {
    const status = statuses.get(span.dataset.taskStatus ?? '') ?? 'unchecked';
    span.textContent = taskStatusText[status];
    span.dataset.status = status;
  }
}
