/**
 * WebContainer's Check, end to end on this machine: WebContainerRuntime against a container backed by a real temp
 * folder and the real `node` on PATH (WebContainer itself cannot boot here). The files come from the same builders as
 * `files.json` and `/grading/harness.json`, so the mounted layout and the command are exactly the browser's.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { vendor } from '../../scripts/vendor.ts';
import { WebContainerRuntime } from '../../src/runtime/webcontainer.ts';
import { FolderContainer } from './folder-container.ts';
import { siteFetch } from './site-fetch.ts';
import { GRADING_DIR, gradingFromPayload } from '../../src/runtime/webcontainer-grading.ts';
import type { CheckProgress } from '../../src/schemas/check-progress.ts';
import { exerciseSchema } from '../../src/schemas/exercise.ts';
import type { FilesPayload } from '../../src/schemas/payloads.ts';
import { readFolderFiles } from '../../src/grading/exercise-files.ts';
import { exerciseFilesPayload } from '../../src/course/files-payload.ts';
import { exerciseGradingPayload } from '../../src/course/grading-payload.ts';

const exerciseId = 'dev-vs-production/graceful-shutdown';

async function filesJson(id = exerciseId): Promise<FilesPayload> {
  const exercise = exerciseSchema.parse(JSON.parse(await readFile(join(import.meta.dirname, '../../sandboxes', id, 'exercise.json'), 'utf8')));
  return { ...(await exerciseFilesPayload(id, exercise.editable)), grading: await exerciseGradingPayload(id, exercise, '/'), packages: [] };
}

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

/** Mounts the starter, then the learner's edits (as the workspace does), and presses Check. */
async function check(edits: Record<string, string>, id = exerciseId) {
  const payload = await filesJson(id);
  const root = await mkdtemp(join(tmpdir(), 'archlab-wc-layout-'));
  folders.push(root);
  const container = new FolderContainer(root);
  const runtime = new WebContainerRuntime(container, { main: 'node server.js', grading: gradingFromPayload(payload, (await siteFetch([])) as typeof fetch) });
  await runtime.mount(payload.starter);
  await runtime.mount(edits);
  // Each event with whether the grader had exited when it arrived.
  const progress: Array<{ event: CheckProgress; graderExited: boolean }> = [];
  const results = await runtime.check((event) => progress.push({ event, graderExited: container.exited }));
  await runtime.dispose();
  return { results, payload, container, progress, mounted: await readFolderFiles(join(root, GRADING_DIR)) };
}

describe('Check in the WebContainer layout, on real Node', () => {
  beforeAll(() => vendor(), 60_000);

  it('passes the solution, with the harness and the pristine exercise mounted and no solution among them', { timeout: 90_000 }, async () => {
    const { results, payload, container, mounted, progress } = await check((await filesJson()).solution);
    expect(results.message).toBeUndefined();
    expect(results.status).toBe('pass');
    expect(results.tests.map((t) => t.task_id)).toEqual(['drain', 'drain', 'drain', 'deadline', 'deadline']);
    expect(container.commands).toEqual([['node', `${GRADING_DIR}/harness/grade.js`, '--progress', '--packages', 'node_modules', `${GRADING_DIR}/exercise`, '.']]);
    // Every verdict streamed while the grader still ran, exactly as the final results hold it.
    expect(progress[0]?.event).toEqual({ type: 'checks', checks: results.tests.map(({ id, name, task_id }) => ({ id, name, task_id })) });
    const verdicts = progress.filter((p) => p.event.type === 'verdict');
    expect(verdicts.map((p) => (p.event.type === 'verdict' ? p.event.test : undefined))).toEqual(results.tests);
    expect(verdicts[0]?.graderExited).toBe(false);
    expect(Object.keys(mounted).sort()).toEqual(
      [
        'harness/grade.js',
        'harness/check-worker.js',
        'harness/package.json',
        'exercise/exercise.json',
        'exercise/checks/shutdown.check.js',
        ...Object.keys(payload.starter).map((path) => `exercise/starter/${path}`),
      ].sort(),
    );
    expect(Object.values(mounted).join('\n')).not.toContain(payload.solution['server.js']);
  });

  it("passes a solution that imports the lesson's shared files, mounted beside the starter", { timeout: 90_000 }, async () => {
    const id = 'message-queues/explicit-acks';
    const { results, payload, mounted } = await check((await filesJson(id)).solution, id);
    expect(results.message).toBeUndefined();
    expect(results.status).toBe('pass');
    expect(payload.starter['broker.js']).toBe(await readFile(join(import.meta.dirname, '../../sandboxes/message-queues/_shared/broker.js'), 'utf8'));
    expect(Object.keys(mounted)).toContain('exercise/starter/broker.js');
  });

  it('fails the starter on every task, without a run-level error', { timeout: 90_000 }, async () => {
    const { results } = await check({});
    expect(results.message).toBeUndefined();
    expect(results.status).toBe('fail');
    for (const task of ['drain', 'deadline']) {
      expect(results.tests.filter((t) => t.task_id === task).some((t) => t.status === 'fail')).toBe(true);
    }
  });
});
