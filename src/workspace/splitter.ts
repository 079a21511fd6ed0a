/**
 * Resizable panes: each `[data-split]` separator sets a CSS length on the grid by dragging or with the arrow keys
 * (Home/End for the extremes), and reports its position as aria-valuenow (percent).
 */
const step = 24;

export function enableSplitters(grid: HTMLElement): void {
  for (const handle of grid.querySelectorAll<HTMLElement>('[data-split]')) {
    const vertical = handle.getAttribute('aria-orientation') === 'vertical';
    const name = `--split-${handle.dataset.split}`;
    // The pane being sized is the one just before the separator; its container bounds it.
    const pane = handle.previousElementSibling as HTMLElement;
    const box = handle.parentElement!;

    const set = (px: number) => {
      const total = vertical ? box.clientWidth : box.clientHeight;
      const clamped = Math.max(total * 0.1, Math.min(total * 0.85, px));
      grid.style.setProperty(name, `${Math.round(clamped)}px`);
      handle.setAttribute('aria-valuenow', String(Math.round((clamped / total) * 100)));
    };
    const current = () => (vertical ? pane.getBoundingClientRect().width : pane.getBoundingClientRect().height);
    handle.setAttribute('aria-valuemin', '10');
    handle.setAttribute('aria-valuemax', '85');

    handle.addEventListener('keydown', (event) => {
      const keys: Record<string, number> = vertical
        ? { ArrowLeft: -step, ArrowRight: step }
        : { ArrowUp: -step, ArrowDown: step };
      if (event.key in keys) set(current() + keys[event.key]!);
      else if (event.key === 'Home') set(0);
      else if (event.key === 'End') set(Infinity);
      else return;
      event.preventDefault();
    });

    handle.addEventListener('pointerdown', (event) => {
      handle.setPointerCapture(event.pointerId);
      const start = vertical ? event.clientX : event.clientY;
      const from = current();
      const move = (e: PointerEvent) => set(from + (vertical ? e.clientX : e.clientY) - start);
      const up = () => {
        handle.removeEventListener('pointermove', move);
        handle.removeEventListener('pointerup', up);
      };
      handle.addEventListener('pointermove', move);
      handle.addEventListener('pointerup', up);
    });
  }
}
