/**
 * Moving between the workspace's regions from the keyboard. The editor and the terminal keep Tab for themselves
 * (indenting, shell completion), so F6 and Shift+F6 — the usual keys for moving between the panes of an application —
 * go to the next and previous region from anywhere in the workspace, inside the editor and the terminal too. Each
 * region says where focus lands in it with `data-region-entry` (a selector; the first match that can take focus),
 * else the region itself takes focus and is announced by its name.
 */

function canFocus(el: HTMLElement): boolean {
  return !(el as HTMLButtonElement).disabled && el.getClientRects().length > 0;
}

/** Where focus lands in `region`: its entry if one can take focus now, else the region. */
function entryOf(region: HTMLElement): HTMLElement {
  const selector = region.dataset.regionEntry;
  const entry = selector ? [...region.querySelectorAll<HTMLElement>(selector)].find(canFocus) : undefined;
  if (entry) return entry;
  region.tabIndex = -1;
  return region;
}

export function enableRegionKeys(root: HTMLElement): void {
  // Capture phase: the editor and the terminal never see F6 (the terminal would send it to the shell).
  root.addEventListener(
    'keydown',
    (event) => {
      if (event.key !== 'F6' || event.ctrlKey || event.altKey || event.metaKey) return;
      const regions = [...root.querySelectorAll<HTMLElement>('[data-region]')].filter((r) => r.getClientRects().length > 0);
      if (regions.length === 0) return;
      const at = regions.findIndex((r) => r.contains(event.target as Node));
      const next = at === -1 ? (event.shiftKey ? regions.length - 1 : 0) : (at + (event.shiftKey ? regions.length - 1 : 1)) % regions.length;
      event.preventDefault();
      event.stopPropagation();
      entryOf(regions[next]!).focus();
    },
    { capture: true },
  );
}
