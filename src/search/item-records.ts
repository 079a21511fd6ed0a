import type { ReviewItem, ReviewItemsFile } from '../review/items.ts';
import type { SearchKind } from './kinds.ts';

/** What Pagefind's `addCustomRecord` takes, for one flashcard or quiz question. */
export interface ItemRecord {
  url: string;
  content: string;
  language: string;
  meta: { title: string; kind: SearchKind; lesson: string };
}

/** The anchor of an item on its lesson page (Flashcards.astro and Quiz.astro give each item this id). */
export function itemAnchor(item: Pick<ReviewItem, 'kind'> & { id: string }): string {
  return item.kind === 'card' ? `card-${item.id}` : `question-${item.id}`;
}

const text = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&(amp|lt|gt|quot);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"' })[e]!);

/** One search record per flashcard and quiz question, each pointing at the item on its lesson page. */
export function itemRecords(file: ReviewItemsFile, language = 'en'): ItemRecord[] {
  const titles = new Map(file.lessons.map((l) => [l.slug, l.title]));
  return file.items.map((item) => {
    const lesson = titles.get(item.lesson) ?? item.lesson;
    const url = `/lessons/${item.lesson}/#`;
    if (item.kind === 'card') {
      const { id, front, back } = item.card;
      return { url: url + itemAnchor({ kind: 'card', id }), content: `${text(front)}\n${text(back)}`, language, meta: { title: text(front), kind: 'card', lesson } };
    }
    const q = item.question;
    const content = [q.prompt, ...q.choices.map((c) => c.text), q.explanation].map(text).join('\n');
    return { url: url + itemAnchor({ kind: 'quiz', id: q.id }), content, language, meta: { title: text(q.prompt), kind: 'quiz', lesson } };
  });
}
