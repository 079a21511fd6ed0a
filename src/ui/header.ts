/**
 * The site header on every page: the number of review items due (read from the store, without the scheduler) and
 * the search box, whose code and index load only when the learner first focuses it.
 */
import { pageStore } from '../progress/page-store.ts';
import type { ReviewState } from '../schemas/review.ts';
import { dueCount, reviewQueue } from '../review/queue.ts';
import { hasModifier, isTypingTarget } from './typing-target.ts';

/** The header's search box: its input, the results panel, and the inert search code (Base.astro). */
export const SEARCH_BOX = '[data-search]';

/** Sent on the document whenever the review state changes, so the header counts again. */
export const REVIEW_CHANGED = 'archlab:review-changed';

/** The header's number: the review page's queue (src/ui/review-session.ts) over the same stored schedule. */
export function countDue({ cards, lessons }: Pick<ReviewState, 'cards' | 'lessons'>, now: number): number {
  return dueCount(reviewQueue(cards, lessons, now));
}

/** Everything the header does on load (Base.astro's script is just this call). */
export function startHeader(doc: Document): void {
  const badge = doc.querySelector<HTMLElement>('[data-due-count]');
  if (badge) {
    const count = () =>
      pageStore()
        .then((store) => store.reviewSchedule())
        .then((schedule) => {
          const n = countDue(schedule, Date.now());
          badge.textContent = `${n} due`;
          badge.hidden = n === 0;
        })
        .catch((error: unknown) => console.warn('archlab: no review count', error));
    void count();
    doc.addEventListener(REVIEW_CHANGED, count);
  }
  setUpSearch(doc);
}

function setUpSearch(doc: Document): void {
  const box = doc.querySelector<HTMLElement>(SEARCH_BOX);
  const input = box?.querySelector('input');
  if (!box || !input) return;
  box.hidden = false;
  // The search code is an inert <script> in a <template> (Base.astro), started on first focus: an import() here would
  // bring Vite's preload helper (about 0.9 KB gzip) into every page.
  input.addEventListener(
    'focus',
    () => {
      const code = box.querySelector('template')?.content.querySelector('script');
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
