/**
 * The way out of a widget that keeps Tab for itself (the editor indents with it, the terminal's shell completes with
 * it): Esc, then Tab or Shift+Tab, moves focus on as it does anywhere else on the page. The Esc still reaches the
 * widget (closing a suggestion, or the shell's own use of it); only the Tab right after it is the page's. The hint that
 * says so is the widget input's accessible description, so a screen reader announces it on entering.
 */
export function enableFocusExit(host: HTMLElement, input: HTMLElement | null | undefined, hint: HTMLElement): void {
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
  if (input) input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), hint.id].filter(Boolean).join(' '));
}
