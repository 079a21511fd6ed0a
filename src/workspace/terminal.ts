/**
 * A terminal on a sandbox pty: xterm, fitted to its box (and the pty resized to match), with copy and paste on
 * Ctrl+Shift+C / Ctrl+Shift+V besides the browser's own paste. Tab goes to the shell (completion); Shift+Tab, or Esc
 * then Tab, leaves the terminal, so the keyboard is never trapped in it (`keysHint` says so to a screen reader).
 */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import type { PtyProcess, SpawnOptions } from '../runtime/types.ts';
import { enableFocusExit } from './focus-exit.ts';

export interface SandboxTerminal {
  size(): SpawnOptions;
  /** Connects the terminal to `pty` (and away from the previous one). */
  attach(pty: PtyProcess): void;
  write(text: string): void;
  clear(): void;
  /** Refit after the box became visible or changed size. */
  fit(): void;
  focus(): void;
}

export function createTerminal(host: HTMLElement, label: string, keysHint: HTMLElement): SandboxTerminal {
  const dark = matchMedia('(prefers-color-scheme: dark)').matches;
  const term = new Terminal({
    cursorBlink: true,
    fontSize: 13,
    fontFamily: "ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'Liberation Mono', monospace",
    theme: dark ? { background: '#15161a' } : { background: '#fdfdfc', foreground: '#1d1d1f', cursor: '#1d1d1f', selectionBackground: '#b6cdf5' },
    scrollback: 5000,
    // Programs pick their own colours (a cyan prompt, dim notes); xterm shifts any that would read below WCAG AA.
    minimumContrastRatio: 4.5,
  });
  const fitAddon = new FitAddon();
  term.loadAddon(fitAddon);
  term.open(host);
  term.textarea?.setAttribute('aria-label', label);
  enableFocusExit(host, keysHint);

  let pty: PtyProcess | undefined;
  let detach: Array<{ dispose(): void } | (() => void)> = [];

  term.attachCustomKeyEventHandler((event) => {
    if (event.type !== 'keydown') return true;
    if (event.key === 'Tab' && event.shiftKey) return false;
    if (event.ctrlKey && event.shiftKey && event.code === 'KeyC') {
      if (term.hasSelection()) void navigator.clipboard?.writeText(term.getSelection());
      event.preventDefault();
      return false;
    }
    if (event.ctrlKey && event.shiftKey && event.code === 'KeyV') {
      event.preventDefault();
      void navigator.clipboard?.readText().then((text) => term.paste(text));
      return false;
    }
    return true;
  });

  function fit(): void {
    if (host.offsetParent === null) return; // hidden: nothing to measure
    fitAddon.fit();
  }
  const observer = new ResizeObserver(() => fit());
  observer.observe(host);
  term.onResize(({ cols, rows }) => pty?.resize(cols, rows));

  return {
    size: () => {
      fit();
      return { cols: term.cols, rows: term.rows };
    },
    attach(next) {
      for (const d of detach) (typeof d === 'function' ? d() : d.dispose());
      pty = next;
      detach = [next.onData((data) => term.write(data)), term.onData((data) => next.write(data))];
    },
    write: (text) => term.write(text),
    clear: () => term.reset(),
    fit,
    focus: () => term.focus(),
  };
}
