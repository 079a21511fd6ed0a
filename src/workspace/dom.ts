/** The element `selector` finds under `root`; the workspace markup always has it, so a miss is a build mistake. */
export function q<T extends HTMLElement>(root: ParentNode, selector: string): T {
  const node = root.querySelector<T>(selector);
  if (!node) throw new Error(`the workspace markup has no ${selector}`);
  return node;
}
