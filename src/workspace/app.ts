/**
 * The workspace, wired together: learner files from the progress store over the starter, the editor, the runtime
 * chosen for this page, the terminals, the preview and the results. Loaded by `boot.ts` after the page paints;
 * the editor, terminal and runtime modules load in parallel from here.
 */
import { createAutosave, type SaveState } from '../progress/autosave.ts';
import { recordVisit } from '../progress/position.ts';
import { openProgressStore } from '../progress/store.ts';
import type { Results } from '../schemas/results.ts';
import { chooseRuntime, requestedRuntime, runtimeLabels, StopChoosing, type RuntimeChoice } from '../runtime/select.ts';
import type { FileMap, SandboxRuntime } from '../runtime/types.ts';
import type { WorkspaceConfig } from './config.ts';
import type { FilesJson } from './files-payload.ts';
import { createPreview } from './preview.ts';
import { renderChecking, renderResults, type ResultsRegion } from './results-view.ts';
import { enableSplitters } from './splitter.ts';
import { showTaskStatuses, taskStatuses } from './task-status.ts';
import type { SandboxTerminal } from './terminal.ts';

const LOCAL_PROBE_TIMEOUT_MS = 5000;

function q<T extends HTMLElement>(root: ParentNode, selector: string): T {
  const node = root.querySelector<T>(selector);
  if (!node) throw new Error(`the workspace markup has no ${selector}`);
  return node;
}

function pick(files: FileMap, paths: readonly string[]): FileMap {
  return Object.fromEntries(paths.filter((p) => p in files).map((p) => [p, files[p]!]));
}

async function loadPayload(url: string): Promise<FilesJson> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as FilesJson;
}

function saveStateText(state: SaveState): string {
  switch (state.kind) {
    case 'unsaved':
      return 'Unsaved changes…';
    case 'saving':
      return 'Saving…';
    case 'saved':
      return 'Saved in this browser';
    case 'failed':
      return `Not saved: ${state.message}`;
  }
}

export async function startWorkspace(root: HTMLElement): Promise<void> {
  const config = JSON.parse(root.dataset.workspace ?? '{}') as WorkspaceConfig;
  const doc = root.ownerDocument;
  const notices = q(root, '[data-notices]');
  const savedState = q(root, '[data-save-state]');
  const runtimeLabel = q(root, '[data-runtime-current]');
  const button = (action: string) => q<HTMLButtonElement>(root, `[data-action="${action}"]`);
  const results: ResultsRegion = { region: q(root, '[data-results]'), summary: q(root, '[data-results-summary]'), list: q(root, '[data-results-list]') };
  const taskIds = [...doc.querySelectorAll<HTMLElement>('[data-task-status]')].map((s) => s.dataset.taskStatus!);

  function notice(text: string, kind: 'info' | 'warn' | 'error' = 'info', action?: { label: string; run(): void } | { label: string; href: string }): void {
    const p = doc.createElement('p');
    p.className = `ws-notice ws-notice-${kind}`;
    p.textContent = text;
    if (action) {
      const control = 'href' in action ? Object.assign(doc.createElement('a'), { href: action.href }) : doc.createElement('button');
      control.textContent = action.label;
      if ('run' in action) control.addEventListener('click', action.run);
      p.append(' ', control);
    }
    notices.append(p);
  }

  enableSplitters(q(root, '[data-grid]'));
  const { requested, problem } = requestedRuntime(location.search);
  if (problem) notice(problem, 'warn');

  const payloadP = loadPayload(config.filesUrl);
  const storeP = openProgressStore();
  const editorModule = import('./editor.ts');
  const terminalModule = import('./terminal.ts');
  const choiceP = chooseRuntime<SandboxRuntime>({
    requested,
    allowed: config.runtimes,
    attempts: {
      local: async () => {
        const [{ LocalRuntime }, { probeRunner, runnerLinkNeeded }] = await Promise.all([import('../runtime/local.ts'), import('../runtime/runner-probe.ts')]);
        const access = await probeRunner();
        if (access === 'absent') throw new Error('the page’s server offers no local runner');
        if (access === 'unauthorized') throw new StopChoosing(runnerLinkNeeded);
        return (await LocalRuntime.connect(config.exerciseId, { timeoutMs: LOCAL_PROBE_TIMEOUT_MS, probe: probeRunner })).runtime;
      },
      webcontainer: async () => {
        const [{ bootWebContainer, WebContainerRuntime }, { gradingFromPayload }] = await Promise.all([
          import('../runtime/webcontainer.ts'),
          import('../runtime/webcontainer-grading.ts'),
        ]);
        const container = await bootWebContainer();
        const payload = await payloadP;
        const runtime = new WebContainerRuntime(container, { main: config.main, grading: gradingFromPayload(payload) });
        await runtime.mount(payload.starter);
        return runtime;
      },
    },
  });

  const [payload, store] = await Promise.all([payloadP, storeP]);
  void recordVisit(store, { kind: 'exercise', id: config.exerciseId }, doc);
  const saved = await store.loadEdits(config.exerciseId);
  const starterEditable = pick(payload.starter, config.editable);
  const learnerFiles = { ...payload.starter, ...(saved ? pick(saved.files, config.editable) : {}) };

  // ---- editor and autosave
  let runtime: SandboxRuntime | null = null;
  const changed = new Set<string>();
  const { createEditor } = await editorModule;
  const editor = createEditor(q(root, '[data-editor-host]'), q(root, '[data-tabs]'), {
    files: learnerFiles,
    editable: config.editable,
    onChange: (path) => {
      changed.add(path);
      autosave.changed();
    },
  });
  const autosave = createAutosave(
    async () => {
      const files = editor.editableFiles();
      const paths = [...changed];
      changed.clear();
      // The sandbox gets the edit even when the browser cannot store it (quota, a newer tab upgraded the database).
      if (runtime && paths.length) await runtime.mount(pick(files, paths)).catch((e: Error) => notice(`The sandbox did not get your latest edit: ${e.message}`, 'error'));
      try {
        // Saved files that are no longer editable (an author renamed one) are kept, never silently dropped.
        await store.saveEdits({ exerciseId: config.exerciseId, files: { ...saved?.files, ...files }, starterHash: payload.starterHash, savedAt: Date.now() });
      } catch (error) {
        for (const path of paths) changed.add(path);
        throw error;
      }
    },
    (state) => {
      savedState.textContent = saveStateText(state);
      savedState.dataset.state = state.kind;
    },
  );
  savedState.textContent = saved ? 'Saved in this browser' : 'Edits save automatically in this browser';
  root.classList.add('ws-live');
  editor.open(config.editable[0] ?? Object.keys(learnerFiles)[0]!);
  for (const fileButton of root.querySelectorAll<HTMLElement>('[data-file]')) {
    fileButton.addEventListener('click', () => {
      editor.open(fileButton.dataset.file!);
      editor.focus();
    });
  }
  addEventListener('pagehide', () => void autosave.flush());

  function replaceFiles(files: FileMap): void {
    editor.setFiles(files);
    for (const path of Object.keys(files)) changed.add(path);
    autosave.changed();
  }
  const resetToStarter = () => {
    if (confirm('Reset the exercise to its starter code? Your changes to this exercise will be lost.')) replaceFiles(starterEditable);
  };
  button('reset').addEventListener('click', resetToStarter);
  button('solution').addEventListener('click', () => {
    if (confirm('Replace your code with the solution? Your changes to this exercise will be lost (Reset brings back the starter).')) replaceFiles(payload.solution);
  });
  button('reset').disabled = false;
  button('solution').disabled = false;
  if (saved && saved.starterHash !== payload.starterHash) {
    notice('The starter code of this exercise has changed since you saved your work; your version is kept.', 'warn', { label: 'Load the new starter', run: resetToStarter });
  }

  // ---- results saved from an earlier visit
  const savedResults = await store.loadResults(config.exerciseId);
  if (savedResults) showResults(savedResults.results, savedResults.completed, false);

  function showResults(r: Results, completed: boolean, justCompleted: boolean): void {
    renderResults(results, r, { completed, justCompleted });
    showTaskStatuses(doc, taskStatuses(r, taskIds));
  }

  // ---- runtime
  const choice: RuntimeChoice<SandboxRuntime> = await choiceP;
  for (const text of choice.announcements) notice(text, 'warn');
  runtime = choice.runtime;
  if (!runtime) {
    runtimeLabel.textContent = 'Sandbox: none';
    editor.setReadOnly(true);
    notice(choice.readOnlyReason!, 'error');
    return;
  }
  const active = runtime;
  runtimeLabel.textContent = `Sandbox: ${runtimeLabels[active.kind]}`;
  root.dataset.runtime = active.kind;
  for (const kind of choice.offer ?? []) notice(`Switch to ${runtimeLabels[kind]}?`, 'info', { label: `Use ${runtimeLabels[kind]}`, href: `?runtime=${kind}` });
  active.onNotice((text) => notice(text, 'warn'));
  addEventListener('pagehide', () => void active.dispose());
  await active.mount(editor.editableFiles());

  const { createTerminal } = await terminalModule;
  const shellTerm = createTerminal(q(root, '[data-term="shell"]'), 'Shell terminal');
  const runTerm = createTerminal(q(root, '[data-term="run"]'), 'Program output');
  const terminals: Record<'shell' | 'run', SandboxTerminal> = { shell: shellTerm, run: runTerm };
  const showTerminal = (which: 'shell' | 'run') => {
    for (const tab of root.querySelectorAll<HTMLElement>('[data-term-tab]')) {
      const on = tab.dataset.termTab === which;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      q(root, `[data-term="${tab.dataset.termTab}"]`).hidden = !on;
    }
    terminals[which].fit();
  };
  for (const tab of root.querySelectorAll<HTMLElement>('[data-term-tab]')) {
    const which = tab.dataset.termTab as 'shell' | 'run';
    tab.addEventListener('click', () => showTerminal(which));
    tab.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
      const other = which === 'shell' ? 'run' : 'shell';
      showTerminal(other);
      q(root, `[data-term-tab="${other}"]`).focus();
    });
  }

  // A shell that ends (the learner typed `exit`) is replaced, unless it died at once: then something is wrong.
  const startShell = async (): Promise<void> => {
    const pty = await active.shell(shellTerm.size());
    const started = Date.now();
    shellTerm.attach(pty);
    void pty.exit.then(() => {
      if (Date.now() - started < 2000) return shellTerm.write('\r\n\x1b[2m[the shell ended]\x1b[0m\r\n');
      shellTerm.write('\r\n\x1b[2m[the shell ended; starting a new one]\x1b[0m\r\n');
      startShell().catch((e: Error) => notice(`The terminal could not start: ${e.message}`, 'error'));
    });
  };
  await startShell().catch((e: Error) => notice(`The terminal could not start: ${e.message}`, 'error'));

  const preview = createPreview(q(root, '.ws-preview'));
  active.onServerReady((_port, url) => preview.show(url));

  button('run').addEventListener('click', async () => {
    await autosave.flush();
    showTerminal('run');
    runTerm.clear();
    try {
      const pty = await active.run(runTerm.size());
      runTerm.attach(pty);
      void pty.exit.then((code) => runTerm.write(`\r\n\x1b[2m[the program ended${code === null ? '' : ` with exit code ${code}`}]\x1b[0m\r\n`));
    } catch (error) {
      runTerm.write(`\x1b[31mRun failed: ${(error as Error).message}\x1b[0m\r\n`);
    }
  });

  button('check').addEventListener('click', async () => {
    const check = button('check');
    check.disabled = true;
    renderChecking(results);
    // Results sit below the editor; bring them into view so the verdict is not missed.
    results.region.scrollIntoView({ block: 'nearest', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    try {
      await autosave.flush();
      let r: Results;
      try {
        r = await active.check();
      } catch (error) {
        r = { version: 1, status: 'error', message: (error as Error).message, tests: [] };
      }
      // The verdict is shown even when the browser cannot store it.
      let completed = r.status === 'pass';
      let firstCompletion = false;
      try {
        const before = (await store.loadResults(config.exerciseId))?.completed ?? false;
        const stored = await store.saveResults(config.exerciseId, r);
        completed = stored.completed;
        firstCompletion = stored.completed && !before;
      } catch (error) {
        notice(`This result could not be saved in this browser: ${(error as Error).message}`, 'error');
      }
      showResults(r, completed, firstCompletion);
    } finally {
      check.disabled = false;
    }
  });
  button('run').disabled = false;
  button('check').disabled = false;
  root.dataset.ready = 'true';
}
