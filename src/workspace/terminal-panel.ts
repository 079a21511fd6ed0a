/**
 * The Terminal region: two tabs (the learner's shell, and Run's program output) over one sandbox. The shell is
 * replaced when it ends (the learner typed `exit`), unless it died at once: then something is wrong.
 */
import type { SandboxRuntime } from '../runtime/types.ts';
import { q } from './dom.ts';
import type { Notify } from './notices.ts';
import type { createTerminal as CreateTerminal, SandboxTerminal } from './terminal.ts';

type Which = 'shell' | 'run';

export interface TerminalPanel {
  startShell(): Promise<void>;
  /** Shows Run's tab and attaches a fresh run of the program to it. */
  run(): Promise<void>;
}

/** `onOutput` hears that a terminal printed something (a command may have made files). */
export function createTerminalPanel(root: HTMLElement, runtime: SandboxRuntime, createTerminal: typeof CreateTerminal, notice: Notify, onOutput: () => void): TerminalPanel {
  const terminals: Record<Which, SandboxTerminal> = {
    shell: createTerminal(q(root, '[data-term="shell"]'), 'Shell terminal', q(root, '[data-terminal-keys]')),
    run: createTerminal(q(root, '[data-term="run"]'), 'Program output', q(root, '[data-terminal-keys]')),
  };
  const show = (which: Which) => {
    for (const tab of root.querySelectorAll<HTMLElement>('[data-term-tab]')) {
      const on = tab.dataset.termTab === which;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      q(root, `[data-term="${tab.dataset.termTab}"]`).hidden = !on;
    }
    terminals[which].fit();
  };
  for (const tab of root.querySelectorAll<HTMLElement>('[data-term-tab]')) {
    const which = tab.dataset.termTab as Which;
    tab.addEventListener('click', () => show(which));
    tab.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
      const other = which === 'shell' ? 'run' : 'shell';
      show(other);
      q(root, `[data-term-tab="${other}"]`).focus();
    });
  }

  const shellFailed = (e: Error) => notice(`The terminal could not start: ${e.message}`, 'error');
  const startShell = async (): Promise<void> => {
    const { shell } = terminals;
    const pty = await runtime.shell(shell.size());
    const started = Date.now();
    shell.attach(pty);
    pty.onData(onOutput);
    void pty.exit.then(() => {
      if (Date.now() - started < 2000) return shell.write('\r\n\x1b[2m[the shell ended]\x1b[0m\r\n');
      shell.write('\r\n\x1b[2m[the shell ended; starting a new one]\x1b[0m\r\n');
      startShell().catch(shellFailed);
    });
  };

  return {
    startShell: () => startShell().catch(shellFailed),
    async run() {
      const { run } = terminals;
      show('run');
      run.clear();
      try {
        const pty = await runtime.run(run.size());
        run.attach(pty);
        pty.onData(onOutput);
        void pty.exit.then((code) => run.write(`\r\n\x1b[2m[the program ended${code === null ? '' : ` with exit code ${code}`}]\x1b[0m\r\n`));
      } catch (error) {
        run.write(`\x1b[31mRun failed: ${(error as Error).message}\x1b[0m\r\n`);
      }
    },
  };
}
