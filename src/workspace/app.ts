/**
 * The workspace, wired together: the exercise session (learner files, autosave, Reset, Show solution, Check) over
 * the page's store, the editor, the runtime chosen for this page, the terminals, the preview and the results. Loaded
 * by `boot.ts` after the page paints; the editor, terminal and runtime modules load in parallel from here.
 */
import { pageStore } from '../progress/page-store.ts';
import { chooseRuntime, requestedRuntime, runtimeLabels, StopChoosing } from '../runtime/select.ts';
import { startLater } from '../runtime/start-later.ts';
import type { SandboxRuntime } from '../runtime/types.ts';
import type { RuntimeKind } from '../schemas/exercise.ts';
import { BootTimeout, bootTimeoutFromQuery } from '../runtime/webcontainer-boot.ts';
import { fetchPayload, filesPayloadSchema } from '../schemas/payloads.ts';
import type { Results } from '../schemas/results.ts';
import { ExerciseSession } from '../session/exercise-session.ts';
import { recordVisit } from '../ui/position.ts';
import type { WorkspaceConfig } from './config.ts';
import { q } from './dom.ts';
import { createFileSync } from './file-sync.ts';
import { createFilesList } from './files-list.ts';
import { createNotices, type NoticeAction } from './notices.ts';
import { onPageGone } from './page-lifecycle.ts';
import { createPreview } from './preview.ts';
import { renderChecking, renderResults, type ResultsRegion } from './results-view.ts';
import { showInitialSaveState, showSaveState } from './save-state.ts';
import { enableRegionKeys } from './region-keys.ts';
import { enableSplitters } from './splitter.ts';
import { showTaskStatuses, taskStatuses } from './task-status.ts';
import { createTerminalPanel } from './terminal-panel.ts';

const LOCAL_PROBE_TIMEOUT_MS = 5000;

export async function startWorkspace(root: HTMLElement): Promise<void> {
  const config = JSON.parse(root.dataset.workspace ?? '{}') as WorkspaceConfig;
  const doc = root.ownerDocument;
  const notice = createNotices(q(root, '[data-notices]'));
  const savedState = q(root, '[data-save-state]');
  const button = (action: string) => q<HTMLButtonElement>(root, `[data-action="${action}"]`);
  const results: ResultsRegion = { region: q(root, '[data-results]'), summary: q(root, '[data-results-summary]'), list: q(root, '[data-results-list]') };
  const taskIds = [...doc.querySelectorAll<HTMLElement>('[data-task-status]')].map((s) => s.dataset.taskStatus!);
  const showResults = (r: Results, completed: boolean, justCompleted: boolean) => {
    renderResults(results, r, { completed, justCompleted });
    showTaskStatuses(doc, taskStatuses(r, taskIds));
  };

  enableSplitters(q(root, '[data-grid]'));
  enableRegionKeys(root);
  const { requested, problem } = requestedRuntime(location.search);
  if (problem) notice(problem, 'warn');
  const bootTimeout = bootTimeoutFromQuery(location.search);
  if (bootTimeout.problem) notice(bootTimeout.problem, 'warn');
  const runtimeLabel = q(root, '[data-runtime-current]');

  const payloadP = fetchPayload(config.filesUrl, filesPayloadSchema, 'the exercise’s files');
  const storeP = pageStore();
  const editorModule = import('./editor.ts');
  const terminalModule = import('./terminal.ts');
  /** Set when WebContainer failed to start; `late` when its boot timed out but goes on (the page switches to it then). */
  let webContainerFailure: { late?: Promise<unknown> } | undefined;
  const startWebContainer = async (): Promise<SandboxRuntime> => {
    runtimeLabel.textContent = 'Sandbox: starting WebContainer (a first visit downloads it)…';
    const { WebContainerRuntime } = await import('../runtime/webcontainer.ts');
    try {
      const apiKey = import.meta.env.PUBLIC_WEBCONTAINER_API_KEY as string | undefined;
      return await WebContainerRuntime.create({ main: config.main, payload: await payloadP, boot: { timeoutMs: bootTimeout.timeoutMs, apiKey } });
    } catch (error) {
      webContainerFailure = { late: error instanceof BootTimeout ? error.late : undefined };
      throw error;
    }
  };
  const choiceP = chooseRuntime<SandboxRuntime>({
    requested,
    allowed: config.runtimes,
    attempts: {
      local: async () => {
        const [{ LocalRuntime }, { probeRunner, runnerLinkNeeded }] = await Promise.all([import('../runtime/local.ts'), import('../runtime/runner-probe.ts')]);
        const access = await probeRunner();
        if (access === 'absent') throw new Error('the page’s server offers no local runner');
        if (access === 'unauthorized') throw new StopChoosing(runnerLinkNeeded);
        return LocalRuntime.create(config.exerciseId, { timeoutMs: LOCAL_PROBE_TIMEOUT_MS, probe: probeRunner });
      },
      webcontainer: startWebContainer,
    },
  });

  const [payload, store] = await Promise.all([payloadP, storeP]);
  void recordVisit(store, { kind: 'exercise', id: config.exerciseId }, doc);
  const session = await ExerciseSession.open({
    exerciseId: config.exerciseId,
    editable: config.editable,
    payload,
    store,
    onSaveState: (state) => showSaveState(savedState, state),
    onProblem: (text) => notice(text, 'error'),
  });
  // Shown before the editor loads: the verdict of the last visit needs no editor.
  if (session.savedResults) showResults(session.savedResults.results, session.savedResults.completed, false);

  // ---- editor, Reset and Show solution
  const { createEditor } = await editorModule;
  const editor = createEditor(q(root, '[data-editor-host]'), q(root, '[data-tabs]'), {
    files: session.files,
    editable: config.editable,
    onChange: (path, contents) => session.edit(path, contents),
    keysHint: q(root, '[data-editor-keys]'),
  });
  showInitialSaveState(savedState, session.hasSavedEdits);
  root.classList.add('ws-live');
  editor.open(config.editable[0] ?? Object.keys(session.files)[0]!);
  /** Set once a sandbox runs: files made there are read from it when opened. */
  let sandbox: SandboxRuntime | undefined;
  const files = createFilesList(q(root, '.ws-files'), config.editable, async (path) => {
    if (!(path in session.files) && sandbox) {
      try {
        editor.setFiles({ [path]: await sandbox.readFile(path) });
      } catch (error) {
        return notice(`${path} could not be opened: ${(error as Error).message}`, 'error');
      }
    }
    editor.open(path);
    editor.focus();
  });
  addEventListener('pagehide', () => void session.flush());

  const resetToStarter = () => {
    if (confirm('Reset the exercise to its starter code? Your changes to this exercise will be lost.')) editor.setFiles(session.reset());
  };
  button('reset').addEventListener('click', resetToStarter);
  button('solution').addEventListener('click', () => {
    if (confirm('Replace your code with the solution? Your changes to this exercise will be lost (Reset brings back the starter).')) editor.setFiles(session.showSolution());
  });
  button('reset').disabled = false;
  button('solution').disabled = false;
  if (session.starterChanged) {
    notice('The starter code of this exercise has changed since you saved your work; your version is kept.', 'warn', { label: 'Load the new starter', run: resetToStarter });
  }
  // ---- the sandbox: terminals, preview, Run and Check (at once, or when a late WebContainer starts)
  const useRuntime = async (runtime: SandboxRuntime, offer: readonly RuntimeKind[]): Promise<void> => {
    editor.setReadOnly(false);
    runtimeLabel.textContent = `Sandbox: ${runtimeLabels[runtime.kind]}`;
    root.dataset.runtime = runtime.kind;
    for (const kind of offer) notice(`Switch to ${runtimeLabels[kind]}?`, 'info', { label: `Use ${runtimeLabels[kind]}`, href: `?runtime=${kind}` });
    runtime.onNotice((text) => notice(text, 'warn'));
    onPageGone(window, () => void runtime.dispose());
    await session.attach(runtime);

    sandbox = runtime;
    const sync = createFileSync({
      runtime,
      editable: config.editable,
      known: Object.keys(session.files),
      onNewFiles: (paths) => files.add(paths),
      onEditableFile: (path, contents) => {
        if (session.adopt(path, contents)) editor.setFiles({ [path]: contents });
      },
      onProblem: (text) => notice(text, 'warn'),
    });
    const terminals = createTerminalPanel(root, runtime, (await terminalModule).createTerminal, notice, () => sync.activity());
    await terminals.startShell();
    const preview = createPreview(q(root, '.ws-preview'));
    runtime.onServerReady((_port, url) => preview.show(url));
    runtime.onServerStopped?.(() => preview.stopped());

    button('run').addEventListener('click', async () => {
      await session.flush();
      await terminals.run();
    });
    button('check').addEventListener('click', async () => {
      const check = button('check');
      // aria-disabled, not disabled: a disabled button drops the keyboard focus to the page's start.
      if (check.getAttribute('aria-disabled') === 'true') return;
      check.setAttribute('aria-disabled', 'true');
      const onProgress = renderChecking(results);
      // Results sit below the editor; bring them into view so the verdict is not missed.
      results.region.scrollIntoView({ block: 'nearest', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
      try {
        const outcome = await session.check(onProgress);
        showResults(outcome.results, outcome.completed, outcome.firstCompletion);
      } finally {
        check.removeAttribute('aria-disabled');
      }
    });
    button('run').disabled = false;
    button('check').disabled = false;
    root.dataset.ready = 'true';
  };

  // ---- runtime
  const choice = await choiceP;
  for (const text of choice.announcements) notice(text, 'warn');
  if (choice.runtime) return useRuntime(choice.runtime, choice.offer ?? []);
  runtimeLabel.textContent = 'Sandbox: none';
  editor.setReadOnly(true);
  if (!webContainerFailure) return notice(choice.readOnlyReason!, 'error');
  const retry: NoticeAction = { label: 'Retry', run: () => void later.retry() };
  const later = startLater({
    start: startWebContainer,
    late: () => webContainerFailure?.late,
    use: async (runtime) => {
      notice('WebContainer has started: the code is editable now.', 'info');
      await useRuntime(runtime, []).catch((error: Error) => notice(`WebContainer started, but the workspace could not use it: ${error.message}`, 'error'));
    },
    failed: (error) => {
      runtimeLabel.textContent = 'Sandbox: none';
      notice(`${error.message}.`, 'error', retry);
    },
  });
  notice(choice.readOnlyReason!, 'error', retry);
}
