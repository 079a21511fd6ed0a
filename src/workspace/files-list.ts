/**
 * The Files region's list: the exercise's files rendered into the page, and files made in the sandbox later (the
 * terminal, a program) added as they appear, each built like the rendered ones. A path's badge says whether the
 * learner's changes to it are kept: editable, read-only (the exercise's), or not saved (made in the sandbox).
 */
import { q } from './dom.ts';

export interface FilesList {
  add(paths: readonly string[]): void;
}

export function createFilesList(region: HTMLElement, editable: readonly string[], open: (path: string) => void): FilesList {
  const list = q(region, 'ul');
  const template = q(list, 'li');
  const wire = (button: HTMLElement) => button.addEventListener('click', () => open(button.dataset.file!));
  for (const button of list.querySelectorAll<HTMLElement>('[data-file]')) wire(button);

  return {
    add(paths) {
      for (const path of paths) {
        const item = template.cloneNode(true) as HTMLLIElement;
        const button = q(item, '[data-file]');
        const badge = q(item, '.ws-badge');
        const kept = editable.includes(path);
        button.dataset.file = path;
        q(button, 'span').textContent = path;
        badge.textContent = kept ? 'editable' : 'not saved';
        badge.classList.toggle('ws-badge-ro', !kept);
        if (kept) button.removeAttribute('aria-describedby');
        else button.setAttribute('aria-describedby', 'ws-readonly-note');
        wire(button);
        list.append(item);
      }
    },
  };
}
