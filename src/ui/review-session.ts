/**
 * The review page: fetches the course's items, fits the learner's review state to them (removed items drop out),
 * and shows one item at a time from the queue. A card is recalled, revealed (Space) and rated (1–4); a quiz question
 * is answered, which suggests Again or Good, and any rating moves on. Each rating is scheduled by FSRS and saved.
 */
import { gradeQuizAnswer } from '../components/quiz-grade.ts';
import { pageStore, REVIEW_CHANGED } from '../progress/page-store.ts';
import { pruneReview, saveReview } from '../progress/review-writes.ts';
import type { ReviewCard, ReviewLesson, ReviewRating } from '../schemas/review.ts';
import { formatInterval } from '../review/interval.ts';
import { keysByLesson, REVIEW_ITEMS_URL, type ReviewItem, type ReviewItemsFile } from '../review/items.ts';
import { NEW_ITEMS_PER_DAY, reviewQueue } from '../review/queue.ts';
import { preview, rate, RATING_NAMES, RATINGS } from '../review/scheduler.ts';
import { hasModifier, isTypingTarget } from './typing-target.ts';

/** Keys that activate the focused control themselves: Space there is the control's, not the page's. */
const CONTROLS = 'button, a[href], input, select, textarea, summary, [role="button"]';
/** An empty queue checks again when its next item falls due, if that is this soon. */
const WAKE_WITHIN_MS = 60 * 60_000;

interface Showing {
  item: ReviewItem;
  before: ReviewCard | undefined;
  rating: boolean;
}

function el<T extends HTMLElement>(doc: Document, selector: string): T {
  const node = doc.querySelector<T>(selector);
  if (!node) throw new Error(`the review page has no ${selector}`);
  return node;
}

export async function startReview(doc: Document, clock: () => number = Date.now): Promise<void> {
  const status = el(doc, '[data-review-status]');
  const section = el(doc, '[data-review-item]');
  const heading = el(doc, '[data-review-heading]');
  const remaining = el(doc, '[data-review-remaining]');
  const front = el(doc, '[data-review-front]');
  const reveal = el<HTMLButtonElement>(doc, '[data-review-reveal]');
  const back = el(doc, '[data-review-back]');
  const rateBox = el(doc, '[data-review-rate]');
  const suggestion = el(doc, '[data-review-suggestion]');
  const ratings = el(doc, '[data-review-ratings]');
  const empty = el(doc, '[data-review-empty]');
  const emptyText = el(doc, '[data-review-empty-text]');

  heading.tabIndex = -1;
  empty.tabIndex = -1;
  const store = await pageStore();
  const response = await fetch(REVIEW_ITEMS_URL);
  if (!response.ok) throw new Error(`${REVIEW_ITEMS_URL} answered ${response.status}`);
  const file = (await response.json()) as ReviewItemsFile;
  const course = keysByLesson(file);
  const items = new Map(file.items.map((i) => [i.key, i]));
  const titles = new Map(file.lessons.map((l) => [l.slug, l.title]));
  await pruneReview(store, course);

  const only = new URL(doc.location.href).searchParams.get('lesson');
  const scope = only && course.has(only) ? only : undefined;
  if (scope) {
    await store.saveReviewLesson(scope, course.get(scope)!, true);
    const line = el(doc, '[data-review-scope]');
    line.replaceChildren(`Reviewing ${titles.get(scope)} only. `, Object.assign(doc.createElement('a'), { href: '/review/', textContent: 'Review all your lessons' }));
    line.hidden = false;
  }

  let { cards, lessons } = await store.reviewSchedule();
  let showing: Showing | undefined;
  let wake: ReturnType<typeof setTimeout> | undefined;
  const changed = () => doc.dispatchEvent(new CustomEvent(REVIEW_CHANGED));
  const inScope = (all: ReviewLesson[]) => (scope ? all.filter((l) => l.lesson === scope) : all);
  changed();

  function next(): void {
    clearTimeout(wake);
    const now = clock();
    const queue = reviewQueue(cards, inScope(lessons), now);
    const key = queue.due[0]?.key ?? queue.fresh[0];
    const item = key ? items.get(key) : undefined;
    section.hidden = !item;
    empty.hidden = !!item;
    if (!item) {
      showing = undefined;
      const nextDue = queue.later.length ? Math.min(...queue.later.map((c) => c.due)) : undefined;
      emptyText.textContent = emptyMessage(nextDue, now);
      if (nextDue !== undefined && nextDue - now <= WAKE_WITHIN_MS) wake = setTimeout(next, nextDue - now);
      return;
    }
    const before = cards.find((c) => c.key === item.key);
    showing = { item, before, rating: false };
    heading.textContent = `${item.kind === 'card' ? 'Flashcard' : 'Quiz question'} · ${titles.get(item.lesson) ?? item.lesson}`;
    remaining.textContent = `${queue.due.length} due · ${queue.fresh.length} new left today`;
    back.hidden = true;
    rateBox.hidden = true;
    suggestion.textContent = '';
    if (item.kind === 'card') {
      front.innerHTML = item.card.front;
      back.innerHTML = item.card.back;
      reveal.hidden = false;
    } else {
      reveal.hidden = true;
      front.replaceChildren(quizForm(item));
      back.innerHTML = item.question.explanation;
    }
  }

  function emptyMessage(nextDue: number | undefined, now: number): string {
    const active = inScope(lessons).filter((l) => l.inReview);
    if (!active.length) return 'Nothing to review yet: open a lesson, or tick lessons below, and its flashcards and quiz questions join your review.';
    const unseen = active.flatMap((l) => l.items).filter((k) => !cards.some((c) => c.key === k)).length;
    const later = nextDue === undefined ? 'every item you have met is learned for now' : `next review in ${formatInterval(nextDue - now)}`;
    const capped = unseen ? ` You have met today's ${NEW_ITEMS_PER_DAY} new items; ${unseen} more wait for the coming days.` : '';
    return `Nothing due; ${later}.${capped}`;
  }

  function quizForm(item: Extract<ReviewItem, { kind: 'quiz' }>): HTMLFormElement {
    const { question } = item;
    const multi = question.choices.filter((c) => c.correct).length > 1;
    const form = doc.createElement('form');
    form.noValidate = true;
    const fieldset = doc.createElement('fieldset');
    const legend = doc.createElement('legend');
    legend.innerHTML = question.prompt;
    const list = Object.assign(doc.createElement('ul'), { className: 'review-choices' });
    list.append(
      ...question.choices.map((choice, i) => {
        const li = doc.createElement('li');
        const label = doc.createElement('label');
        const text = doc.createElement('span');
        text.innerHTML = choice.text;
        label.append(Object.assign(doc.createElement('input'), { type: multi ? 'checkbox' : 'radio', name: 'review-choice', value: String(i) }), text);
        li.append(label);
        if (choice.why) {
          const why = Object.assign(doc.createElement('p'), { className: 'review-why', hidden: true });
          why.innerHTML = choice.why;
          li.append(why);
        }
        return li;
      }),
    );
    fieldset.append(legend);
    if (multi) fieldset.append(Object.assign(doc.createElement('p'), { className: 'muted', textContent: 'Choose every answer that applies.' }));
    fieldset.append(list, Object.assign(doc.createElement('button'), { type: 'submit', textContent: 'Check answer' }));
    form.append(fieldset);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (showing?.rating) return;
      const inputs = [...form.querySelectorAll<HTMLInputElement>('input')];
      const chosen = inputs.map((input) => input.checked);
      if (!chosen.some(Boolean)) {
        status.textContent = 'Choose an answer first.';
        return;
      }
      const verdict = gradeQuizAnswer(question.choices.map((c) => c.correct), chosen);
      [...list.children].forEach((li, i) => {
        const right = question.choices[i]!.correct;
        li.classList.toggle('is-correct', right);
        li.classList.toggle('is-wrong', chosen[i]! && !right);
        const why = li.querySelector<HTMLElement>('.review-why');
        if (why) why.hidden = !(chosen[i] || right);
      });
      for (const input of inputs) input.disabled = true;
      form.querySelector('button')!.hidden = true;
      back.hidden = false;
      const suggested: ReviewRating = verdict.correct ? 3 : 1;
      suggestion.textContent = `${verdict.correct ? 'Correct.' : verdict.message} Suggested rating: ${RATING_NAMES[suggested]}; choose another if it fits better.`;
      showRatings(suggested);
    });
    return form;
  }

  function showRatings(suggested?: ReviewRating): void {
    if (!showing) return;
    showing.rating = true;
    const now = clock();
    const due = preview(showing.before, now);
    ratings.replaceChildren(
      ...RATINGS.map((rating) => {
        const button = Object.assign(doc.createElement('button'), { type: 'button' });
        button.setAttribute('aria-keyshortcuts', String(rating));
        if (suggested) button.setAttribute('aria-pressed', String(rating === suggested));
        button.append(
          Object.assign(doc.createElement('span'), { textContent: `${RATING_NAMES[rating]}` }),
          Object.assign(doc.createElement('span'), { className: 'review-interval', textContent: formatInterval(due[rating] - now) }),
        );
        button.addEventListener('click', () => void commit(rating));
        return button;
      }),
    );
    rateBox.hidden = false;
    ratings.querySelectorAll('button')[(suggested ?? 3) - 1]!.focus();
  }

  function showBack(): void {
    if (!showing || showing.item.kind !== 'card' || showing.rating) return;
    back.hidden = false;
    reveal.hidden = true;
    showRatings();
  }

  let saving = false;
  async function commit(rating: ReviewRating): Promise<void> {
    if (!showing?.rating || saving) return;
    saving = true;
    try {
      const now = clock();
      const { card, log } = rate(showing.item.key, showing.before, rating, now);
      await saveReview(store, card, log);
      cards = [...cards.filter((c) => c.key !== card.key), card];
      status.textContent = `Rated ${RATING_NAMES[rating]}: next review in ${formatInterval(card.due - now)}.`;
      changed();
      next();
      // The rated item's buttons are gone: focus goes to what is shown now, so Space and 1–4 keep working.
      (section.hidden ? empty : heading).focus();
    } catch (error) {
      status.textContent = `This rating was not saved: ${(error as Error).message}`;
    } finally {
      saving = false;
    }
  }

  reveal.addEventListener('click', showBack);
  doc.addEventListener('keydown', (event) => {
    if (!showing || hasModifier(event) || isTypingTarget(event.target)) return;
    if (event.key === ' ' && !showing.rating) {
      if (event.target instanceof Element && event.target.closest(CONTROLS)) return;
      event.preventDefault();
      showBack();
    } else if (showing.rating && /^[1-4]$/.test(event.key)) {
      event.preventDefault();
      void commit(Number(event.key) as ReviewRating);
    }
  });

  const choices = el(doc, '[data-review-lessons]');
  choices.replaceChildren(
    ...file.lessons.map((lesson) => {
      const keys = course.get(lesson.slug)!;
      const box = Object.assign(doc.createElement('input'), { type: 'checkbox', checked: lessons.some((l) => l.lesson === lesson.slug && l.inReview) });
      box.addEventListener('change', async () => {
        await store.saveReviewLesson(lesson.slug, keys, box.checked);
        ({ cards, lessons } = await store.reviewSchedule());
        changed();
        if (!showing?.rating) next();
      });
      const label = doc.createElement('label');
      label.append(box, ` ${lesson.title} `, Object.assign(doc.createElement('span'), { className: 'muted', textContent: `(${keys.length} ${keys.length === 1 ? 'item' : 'items'})` }));
      const li = doc.createElement('li');
      li.append(label);
      return li;
    }),
  );
  el(doc, '[data-review-lessons-section]').hidden = false;
  status.textContent = '';
  next();
}
