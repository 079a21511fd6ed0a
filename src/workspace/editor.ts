/**
 * The code editor: Monaco with only what the exercises need (all editor features, JavaScript/TypeScript with
 * language features, a few syntax definitions), one model per file, and tabs for the files opened so far.
 */
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/javascript/register';
import 'monaco-editor/languages/definitions/typescript/register';
import 'monaco-editor/languages/definitions/css/register';
import 'monaco-editor/languages/definitions/html/register';
import 'monaco-editor/languages/definitions/markdown/register';
import { javascriptDefaults, typescriptDefaults, ModuleKind, ModuleResolutionKind, ScriptTarget } from 'monaco-editor/languages/features/typescript/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TypeScriptWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker';
import type { FileMap } from '../schemas/files.ts';
import { editorTheme } from '../styles/code-themes.ts';
import { enableFocusExit } from './focus-exit.ts';
import { languageOf } from './languages.ts';

globalThis.MonacoEnvironment = {
  getWorker: (_id, label) => (label === 'typescript' || label === 'javascript' ? new TypeScriptWorker() : new EditorWorker()),
};

// Sandbox code is Node ESM; without Node's type definitions, semantic errors would be noise ("cannot find module
// node:http"), so only syntax errors are shown, while completion and hovers still work.
for (const defaults of [javascriptDefaults, typescriptDefaults]) {
  defaults.setCompilerOptions({
    target: ScriptTarget.ESNext,
    module: ModuleKind.ESNext,
    moduleResolution: ModuleResolutionKind.NodeJs,
    allowJs: true,
    allowNonTsExtensions: true,
  });
  defaults.setDiagnosticsOptions({ noSemanticValidation: true, noSyntaxValidation: false });
}

export interface CodeEditor {
  /** Shows `path` in the editor, opening a tab for it. */
  open(path: string): void;
  /** Replaces files' contents (adding files it does not have yet) without reporting them as the learner's changes. */
  setFiles(files: FileMap): void;
  setReadOnly(readOnly: boolean): void;
  focus(): void;
}

export function createEditor(
  host: HTMLElement,
  tabs: HTMLElement,
  options: { files: FileMap; editable: readonly string[]; onChange(path: string, contents: string): void; keysHint: HTMLElement },
): CodeEditor {
  const dark = matchMedia('(prefers-color-scheme: dark)').matches;
  const models = new Map<string, monaco.editor.ITextModel>();
  let silent = false;
  let readOnly = false;
  let current: string | undefined;

  function addModel(path: string, contents: string): void {
    const model = monaco.editor.createModel(contents, languageOf(path), monaco.Uri.file(`/exercise/${path}`));
    model.onDidChangeContent(() => {
      if (!silent) options.onChange(path, model.getValue());
    });
    models.set(path, model);
  }
  for (const [path, contents] of Object.entries(options.files)) addModel(path, contents);

  monaco.editor.defineTheme('archlab', editorTheme(dark ? 'dark' : 'light'));
  const editor = monaco.editor.create(host, {
    automaticLayout: true,
    theme: 'archlab',
    minimap: { enabled: false },
    fontSize: 14,
    scrollBeyondLastLine: false,
    tabSize: 2,
    ariaLabel: 'Code editor',
  });
  enableFocusExit(host, options.keysHint);

  const editable = (path: string) => options.editable.includes(path);

  function renderTabs(): void {
    for (const tab of tabs.querySelectorAll<HTMLElement>('[data-tab]')) {
      const selected = tab.dataset.tab === current;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
    }
  }

  function addTab(path: string): void {
    if (tabs.querySelector(`[data-tab="${CSS.escape(path)}"]`)) return;
    const tab = document.createElement('button');
    tab.type = 'button';
    tab.role = 'tab';
    tab.dataset.tab = path;
    tab.textContent = editable(path) ? path : `${path} (read-only)`;
    tab.addEventListener('click', () => open(path));
    tabs.append(tab);
  }

  tabs.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const all = [...tabs.querySelectorAll<HTMLElement>('[data-tab]')];
    const at = all.findIndex((t) => t.dataset.tab === current);
    const next = all[(at + (event.key === 'ArrowRight' ? 1 : all.length - 1)) % all.length];
    if (next?.dataset.tab) {
      open(next.dataset.tab);
      next.focus();
    }
  });

  function open(path: string): void {
    const model = models.get(path);
    if (!model) return;
    current = path;
    addTab(path);
    editor.setModel(model);
    editor.updateOptions({ readOnly: readOnly || !editable(path) });
    renderTabs();
  }

  return {
    open,
    setFiles(files) {
      silent = true;
      try {
        for (const [path, contents] of Object.entries(files)) {
          const model = models.get(path);
          if (!model) addModel(path, contents);
          // pushEditOperations keeps the change undoable, unlike setValue.
          else if (model.getValue() !== contents) {
            model.pushEditOperations([], [{ range: model.getFullModelRange(), text: contents }], () => null);
          }
        }
      } finally {
        silent = false;
      }
    },
    setReadOnly(value) {
      readOnly = value;
      if (current) editor.updateOptions({ readOnly: readOnly || !editable(current) });
    },
    focus: () => editor.focus(),
  };
}
