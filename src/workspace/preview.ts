/** The Preview region: an iframe on the sandbox's server, an address field for its path, and Reload. */
export interface Preview {
  show(url: string): void;
  /** The server shown stopped listening: say so instead of leaving its last page up. */
  stopped(): void;
}

export function createPreview(root: HTMLElement): Preview {
  const form = root.querySelector<HTMLFormElement>('[data-preview-form]')!;
  const origin = root.querySelector<HTMLElement>('[data-preview-origin]')!;
  const input = root.querySelector<HTMLInputElement>('[data-preview-path]')!;
  const reload = root.querySelector<HTMLButtonElement>('[data-preview-reload]')!;
  const frame = root.querySelector<HTMLIFrameElement>('[data-preview-frame]')!;
  const empty = root.querySelector<HTMLElement>('[data-preview-empty]')!;
  let base: URL | undefined;

  function load(path: string): void {
    if (!base) return;
    const target = new URL(path.startsWith('/') ? path : `/${path}`, base);
    // Only paths of the sandbox's own server: the field cannot send the frame elsewhere.
    if (target.origin !== base.origin) return;
    input.value = target.pathname + target.search;
    frame.src = target.href;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    load(input.value);
  });
  reload.addEventListener('click', () => load(input.value));

  return {
    show(url) {
      base = new URL(url);
      origin.textContent = base.origin;
      input.disabled = false;
      reload.disabled = false;
      empty.hidden = true;
      frame.hidden = false;
      load(base.pathname === '/' ? input.value : base.pathname);
    },
    stopped() {
      frame.hidden = true;
      frame.removeAttribute('src');
      reload.disabled = true;
      empty.textContent = 'The server stopped. Press Run to start it again.';
      empty.hidden = false;
    },
  };
}
