/**
 * What overview pages say about the learner's progress, worked out from the store's records. Pages pass in only the
 * ids already in their HTML (a lesson's exercise folders and quiz question ids), so stale records of exercises or
 * questions that no longer exist are not counted.
 */
import type { LastPosition, ProgressStore, QuizAnswer, SavedResults } from './store.ts';

export interface ProgressOverview {
  results: Map<string, SavedResults>;
  edited: Set<string>;
  /** lesson → question → answer */
  quiz: Map<string, Map<string, QuizAnswer>>;
  lastPosition?: LastPosition;
}

export async function loadOverview(store: ProgressStore): Promise<ProgressOverview> {
  const [results, edited, answers, lastPosition] = await Promise.all([
    store.allResults(),
    store.editedExercises(),
    store.allQuizAnswers(),
    store.loadPosition(),
  ]);
  const quiz = new Map<string, Map<string, QuizAnswer>>();
  for (const a of answers) quiz.set(a.lesson, (quiz.get(a.lesson) ?? new Map()).set(a.question, a));
  return { results: new Map(results.map((r) => [r.exerciseId, r])), edited: new Set(edited), quiz, lastPosition };
}

export type ExerciseState =
  | { kind: 'completed' }
  | { kind: 'checked'; passing: number; total: number }
  | { kind: 'started' }
  | { kind: 'new' };

export function exerciseState(overview: ProgressOverview, exerciseId: string): ExerciseState {
  const saved = overview.results.get(exerciseId);
  if (saved?.completed) return { kind: 'completed' };
  if (saved) return { kind: 'checked', passing: saved.results.tests.filter((t) => t.status === 'pass').length, total: saved.results.tests.length };
  return overview.edited.has(exerciseId) ? { kind: 'started' } : { kind: 'new' };
}

/** Empty for an exercise not started, so the page reads as it does without JavaScript. */
export function exerciseStateText(state: ExerciseState): string {
  switch (state.kind) {
    case 'completed':
      return '✓ Completed';
    case 'checked':
      return state.total ? `In progress: ${state.passing} of ${state.total} checks pass` : 'In progress: the last check could not run';
    case 'started':
      return 'Started, not checked yet';
    case 'new':
      return '';
  }
}

export interface LessonProgress {
  exercisesDone: number;
  /** Completed, checked or edited. */
  exercisesStarted: number;
  exercises: number;
  questionsAnswered: number;
  questionsCorrect: number;
  questions: number;
}

export function lessonProgress(overview: ProgressOverview, lesson: string, exerciseNames: readonly string[], questionIds: readonly string[]): LessonProgress {
  const answers = overview.quiz.get(lesson);
  const given = questionIds.map((q) => answers?.get(q)).filter((a) => a !== undefined);
  const states = exerciseNames.map((name) => exerciseState(overview, `${lesson}/${name}`).kind);
  return {
    exercisesDone: states.filter((s) => s === 'completed').length,
    exercisesStarted: states.filter((s) => s !== 'new').length,
    exercises: exerciseNames.length,
    questionsAnswered: given.length,
    questionsCorrect: given.filter((a) => a.correct).length,
    questions: questionIds.length,
  };
}

/** "2 of 4 exercises done · quiz: 3 of 5 correct", or empty when nothing in the lesson has been tried. */
export function lessonProgressText(p: LessonProgress): string {
  const parts: string[] = [];
  if (p.exercises > 0 && (p.exercisesStarted > 0 || p.questionsAnswered > 0)) parts.push(`${p.exercisesDone} of ${p.exercises} ${p.exercises === 1 ? 'exercise' : 'exercises'} done`);
  if (p.questionsAnswered > 0) parts.push(`quiz: ${p.questionsCorrect} of ${p.questions} correct`);
  return parts.join(' · ');
}

/** The page of a lesson or an exercise: the site's URL scheme (`src/collections/course.ts`), both ids being folder paths. */
export function positionUrl(position: LastPosition): string {
  return `/lessons/${position.id}/`;
}
