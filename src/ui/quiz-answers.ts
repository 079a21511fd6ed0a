/**
 * Keeps a quiz's answers: each `archlab:quiz-answer` event from the quiz is saved, and on load the learner's earlier
 * answers are shown again through `restore`.
 */
import { pageStore } from '../progress/page-store.ts';

export interface QuizAnswerDetail {
  lesson: string;
  question: string;
  chosen: boolean[];
  correct: boolean;
}

export async function rememberQuizAnswers(quiz: HTMLElement, restore: (form: HTMLFormElement, chosen: boolean[]) => void): Promise<void> {
  const lesson = quiz.dataset.lesson!;
  // Questions answered on this visit: an earlier answer loaded late must not overwrite them.
  const answeredNow = new Set<string>();
  const store = pageStore();
  quiz.addEventListener('archlab:quiz-answer', (event) => {
    const { question, chosen, correct } = (event as CustomEvent<QuizAnswerDetail>).detail;
    answeredNow.add(question);
    store
      .then((s) => s.saveQuizAnswer({ lesson, question, chosen, correct, answeredAt: Date.now() }))
      .catch((error: unknown) => console.warn('archlab: this quiz answer was not saved', error));
  });
  for (const answer of await (await store).loadQuizAnswers(lesson)) {
    const form = quiz.querySelector<HTMLFormElement>(`form[data-question="${CSS.escape(answer.question)}"]`);
    // A question whose choices changed since the answer no longer matches it.
    if (!form || answeredNow.has(answer.question) || form.querySelectorAll('.quiz-choices > li').length !== answer.chosen.length) continue;
    restore(form, answer.chosen);
  }
}
