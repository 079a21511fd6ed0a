import type { LastPosition, ProgressStore } from '../progress/store.ts';

/**
 * Remembers this page as the learner's last position, titled with its main heading. Failing to remember it must not
 * disturb the page, so a failure is only logged.
 */
export async function recordVisit(store: ProgressStore, page: Pick<LastPosition, 'kind' | 'id'>, doc: Document): Promise<void> {
  const heading = doc.querySelector('main h1')?.textContent?.trim();
  const title = (heading || doc.title).slice(0, 300);
  try {
    await store.savePosition({ ...page, title, visitedAt: Date.now() } as LastPosition);
  } catch (error) {
    console.warn('archlab: could not remember this page as your last position', error);
  }
}
