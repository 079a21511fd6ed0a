import { getEntry } from 'astro:content';
import { inlineText } from '../components/inline-text.ts';
import { itemKey } from '../review/keys.ts';
import type { ReviewItem, ReviewItemsFile } from '../review/items.ts';
import { publishedLessons } from './course.ts';

/** Every non-draft lesson's flashcards and quiz questions, text rendered as on the lesson page. */
export async function collectReviewItems(): Promise<ReviewItemsFile> {
  const lessons = await publishedLessons({ drafts: false });
  const items: ReviewItem[] = [];
  for (const lesson of lessons) {
    const [cards, quiz] = await Promise.all([getEntry('cards', lesson.id), getEntry('quizzes', lesson.id)]);
    const fromCards: ReviewItem[] = (cards?.data.cards ?? []).map((card) => ({
      key: itemKey(lesson.id, 'card', card.id),
      lesson: lesson.id,
      kind: 'card',
      card: { id: card.id, front: inlineText(card.front), back: inlineText(card.back) },
    }));
    const fromQuiz: ReviewItem[] = (quiz?.data.questions ?? []).map((q) => ({
      key: itemKey(lesson.id, 'quiz', q.id),
      lesson: lesson.id,
      kind: 'quiz',
      question: {
        id: q.id,
        prompt: inlineText(q.prompt),
        choices: q.choices.map((c) => ({ text: inlineText(c.text), correct: c.correct, ...(c.why ? { why: inlineText(c.why) } : {}) })),
        explanation: inlineText(q.explanation),
      },
    }));
    // Card, question, card, …: a day's new items mix recalling with answering.
    for (let i = 0; i < Math.max(fromCards.length, fromQuiz.length); i++) items.push(...[fromCards[i], fromQuiz[i]].filter((x) => x !== undefined));
  }
  return { lessons: lessons.map((l) => ({ slug: l.id, title: l.data.title, section: l.data.section })), items };
}
