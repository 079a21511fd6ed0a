/**
 * The exercise page's only eager script, kept tiny: once the instructions have painted, and only on a screen wide
 * enough to edit on, it loads the workspace (editor, terminal, sandbox) as separate chunks; on a narrower one it only
 * shows the saved task statuses.
 */
const root = document.querySelector<HTMLElement>('[data-workspace]');
const wide = matchMedia('(min-width: 760px)');

function start(): void {
  if (!root || root.dataset.started) return;
  root.dataset.started = 'true';
  import('./app.ts')
    .then(({ startWorkspace }) => startWorkspace(root))
    .catch((error: unknown) => {
      const notice = document.createElement('p');
      notice.className = 'ws-error';
      notice.textContent = `The workspace could not load (${error instanceof Error ? error.message : String(error)}); the code below is read-only. Reload the page to try again.`;
      root.querySelector('[data-notices]')?.append(notice);
    });
}

if (root) {
  if (wide.matches) requestAnimationFrame(() => setTimeout(start));
  else {
    import('./saved-progress.ts')
      .then(({ showSavedProgress }) => showSavedProgress(root))
      .catch((error: unknown) => console.warn('archlab: could not show saved progress', error));
    wide.addEventListener('change', () => wide.matches && start());
  }
}
