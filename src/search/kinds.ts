/**
 * What a search result is, in the order results are grouped. Lesson pages mark their body `kind:lesson` and
 * exercise pages `kind:exercise` (`data-pagefind-meta`); flashcards and quiz questions are added as records of their
 * own by src/astro/search-index.ts.
 */
export const SEARCH_KINDS = ['lesson', 'exercise', 'card', 'quiz'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];
