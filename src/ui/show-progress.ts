/**
 * Fills the progress placeholders in a page's own markup from the store: `[data-progress-lesson]` (with the lesson's
 * exercise folders in `data-exercises` and its quiz question ids in `data-questions`), `[data-progress-exercise]`,
 * and `[data-progress-continue]`. A page marked `[data-progress-visit=<lesson>]` is remembered as the last position.
 * Without JavaScript, or without IndexedDB, the placeholders stay empty and the page reads as before.
 */
import { pageStore, REVIEW_CHANGED } from '../progress/page-store.ts';
import { recordVisit } from './position.ts';
import { itemKey } from '../review/keys.ts';
import { exerciseState, exerciseStateText, lessonProgress, lessonProgressText, loadOverview, positionUrl } from '../progress/summary.ts';

const ids = (list: string | undefined): string[] => (list ?? '').split(' ').filter(Boolean);

export async function showProgress(doc: Document): Promise<void> {
  const store = await pageStore();
  const visit = doc.querySelector<HTMLElement>('[data-progress-visit]')?.dataset.progressVisit;
  const overview = await loadOverview(store);
  for (const span of doc.querySelectorAll<HTMLElement>('[data-progress-lesson]')) {
    const { progressLesson: lesson, exercises, questions } = span.dataset;
    span.textContent = lessonProgressText(lessonProgress(overview, lesson!, ids(exercises), ids(questions)));
  }
  for (const span of doc.querySelectorAll<HTMLElement>('[data-progress-exercise]')) {
    const state = exerciseState(overview, span.dataset.progressExercise!);
    span.textContent = exerciseStateText(state);
    span.dataset.state = state.kind;
  }
  for (const slot of doc.querySelectorAll<HTMLElement>('[data-progress-continue]')) {
    const last = overview.lastPosition;
    slot.hidden = !last;
    if (last) slot.replaceChildren('Continue where you left off: ', Object.assign(doc.createElement('a'), { href: positionUrl(last), textContent: last.title }));
  }
  // After reading, so a lesson page does not offer itself as the place to continue.
  if (!visit) return;
  await recordVisit(store, { kind: 'lesson', id: visit }, doc);
  // Opening a lesson puts its flashcards and quiz questions into the learner's review.
  const items = [
    ...[...doc.querySelectorAll<HTMLElement>('[data-card]')].map((card) => itemKey(visit, 'card', card.dataset.card!)),
    ...[...doc.querySelectorAll<HTMLElement>('form[data-question]')].map((q) => itemKey(visit, 'quiz', q.dataset.question!)),
  ];
  await store.saveReviewLesson(visit, items);
  doc.dispatchEvent(new CustomEvent(REVIEW_CHANGED));
}
