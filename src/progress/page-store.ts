import { openProgressStore, type ProgressStore } from './store.ts';

// Every page shows the header, and the header counts review items from this connection: the page's scripts that
// announce a review change take the event's name from here, which keeps the header's code in this module's chunk
// (one request less on every page; see the bench's page-weight part).
export { REVIEW_CHANGED } from '../ui/header.ts';

let opening: Promise<ProgressStore> | undefined;

/** One connection per page, shared by the page's progress scripts (badges, quiz answers, export and import). */
export function pageStore(): Promise<ProgressStore> {
  return (opening ??= openProgressStore());
}
