/**
 * The way out of a widget that keeps Tab for itself (the editor indents with it, the terminal's shell completes with
 * it): Esc, then Tab or Shift+Tab, moves focus on as it does anywhere else on the page. The Esc still reaches the
 * widget (closing a suggestion, or the shell's own use of it); only the Tab right after it is the page's. The hint that
 * says so becomes the accessible description of whatever takes focus in the widget (the editor's input element
 * differs between browsers), so a screen reader announces it on entering.
 */
export function enableFocusExit(host: HTMLElement, hint: HTMLElement): void {
  let escaped = false;
  // Capture phase on the host: the widget's own listeners on its input never see the Tab.
  host.addEventListener(
    'keydown',
    (event) => {
      if (event.key === 'Tab' && escaped) event.stopPropagation();
      escaped = event.key === 'Escape';
    },
    { capture: true },
  );
  host.addEventListener('focusin', (event) => {
    const input = event.target as HTMLElement;
    const described = input.getAttribute('aria-describedby')?.split(' ') ?? [];
    if (!described.includes(hint.id)) input.setAttribute('aria-describedby', [...described, hint.id].join(' '));
  });
}
