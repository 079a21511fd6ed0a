/**
 * Resizable panes. Each `[data-split]` separator sets a CSS length on the grid by dragging or with the arrow keys
 * (Home/End for the extremes). The page renders separators as static, unfocusable dividers; enabling one here makes
 * it a focusable widget with its range and position (aria-valuemin/max/now, percent of its container), kept current
 * as the container changes size.
 */
const step = 24;
const MIN = 10;
const MAX = 85;

export function enableSplitters(grid: HTMLElement): void {
  for (const handle of grid.querySelectorAll<HTMLElement>('[data-split]')) {
    const vertical = handle.getAttribute('aria-orientation') === 'vertical';
    const name = `--split-${handle.dataset.split}`;
    // The pane being sized is the one just before the separator; its container bounds it.
    const pane = handle.previousElementSibling as HTMLElement;
    const box = handle.parentElement!;
    const total = () => (vertical ? box.clientWidth : box.clientHeight);
    const current = () => (vertical ? pane.getBoundingClientRect().width : pane.getBoundingClientRect().height);

    const report = () => {
      // A hidden grid (a phone's layout) has no size to report; the separator is not shown there either.
      if (total() === 0) return;
      const percent = Math.round((current() / total()) * 100);
      handle.setAttribute('aria-valuenow', String(Math.max(MIN, Math.min(MAX, percent))));
    };
    const set = (px: number) => {
      const clamped = Math.max((total() * MIN) / 100, Math.min((total() * MAX) / 100, px));
      grid.style.setProperty(name, `${Math.round(clamped)}px`);
      report();
    };

    handle.setAttribute('aria-valuemin', String(MIN));
    handle.setAttribute('aria-valuemax', String(MAX));
    handle.tabIndex = 0;
    report();
    new ResizeObserver(report).observe(box);

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
