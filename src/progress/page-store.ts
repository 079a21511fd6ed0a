import { openProgressStore, type ProgressStore } from './store.ts';

let opening: Promise<ProgressStore> | undefined;

/** One connection per page, shared by the page's progress scripts (badges, quiz answers, export and import). */
export function pageStore(): Promise<ProgressStore> {
  return (opening ??= openProgressStore());
}
