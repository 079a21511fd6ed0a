/**
 * The site header on every page: the number of review items due (read from the store, without the scheduler) and
 * the search box, whose code and index load only when the learner first focuses it.
 */
import { pageStore } from '../progress/page-store.ts';
import { dueCount, reviewQueue } from '../review/queue.ts';
import { hasModifier, isTypingTarget } from './typing-target.ts';

/** The header's search box: its input, the results panel, and the inert search code (Base.astro). */
export const SEARCH_BOX = '[data-search]';

/** Sent on the document whenever the review state changes, so the header counts again. */
export const REVIEW_CHANGED = 'archlab:review-changed';

export async function showDueCount(doc: Document): Promise<void> {
  const badge = doc.querySelector<HTMLElement>('[data-due-count]');
  if (!badge) return;
  const { cards, lessons } = await (await pageStore()).reviewSchedule();
  const n = dueCount(reviewQueue(cards, lessons, Date.now()));
  badge.textContent = `${n} due`;
  badge.hidden = n === 0;
}

export function setUpSearch(doc: Document): void {
  const box = doc.querySelector<HTMLElement>(SEARCH_BOX);
  const input = box?.querySelector<HTMLInputElement>('input[type="search"]');
  if (!box || !input) return;
  box.hidden = false;
  // The search code is an inert <script> in a <template> (Base.astro), started on first focus: an import() here would
  // bring Vite's preload helper (about 0.9 KB gzip) into every page.
  input.addEventListener(
    'focus',
    () => {
      const code = box.querySelector<HTMLTemplateElement>('template[data-search-code]')?.content.querySelector('script');
      if (code) doc.head.append(Object.assign(doc.createElement('script'), { type: 'module', src: code.getAttribute('src')! }));
    },
    { once: true },
  );
  doc.addEventListener('keydown', (event) => {
    if (event.key !== '/' || hasModifier(event) || isTypingTarget(event.target)) return;
    event.preventDefault();
    input.focus();
  });
}
