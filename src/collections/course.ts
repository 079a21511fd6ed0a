import { getCollection, getEntry, type CollectionEntry } from 'astro:content';

export type LessonEntry = CollectionEntry<'lessons'>;
export type ExerciseEntry = CollectionEntry<'exercises'>;

/**
 * Lessons in course order; drafts only in `astro dev`, where their pages are previewed. The review items and the
 * interview sheet pass `drafts: false`: a draft is never studied for an interview, not even in dev.
 */
export async function publishedLessons({ drafts = import.meta.env.DEV }: { drafts?: boolean } = {}): Promise<LessonEntry[]> {
  const lessons = await getCollection('lessons', (l) => drafts || !l.data.draft);
  return lessons.sort((a, b) => a.data.order - b.data.order);
}

/** The exercises a lesson lists, in its order. Content checks guarantee each exists. */
export async function lessonExercises(lesson: LessonEntry): Promise<ExerciseEntry[]> {
  const entries = await Promise.all(lesson.data.exercises.map((name) => getEntry('exercises', `${lesson.id}/${name}`)));
  return entries.map((entry, i) => {
    if (!entry) throw new Error(`lessons/${lesson.id}.mdx: exercises[${i}]: sandboxes/${lesson.id}/${lesson.data.exercises[i]} not found`);
    return entry;
  });
}

export const difficultyLabel = { intro: 'Intro', core: 'Core', advanced: 'Advanced' } as const;

export function lessonUrl(slug: string): string {
  return `/lessons/${slug}/`;
}

/** `<slug>/<exercise>` → its page. */
export function exerciseUrl(exerciseId: string): string {
  return `/lessons/${exerciseId}/`;
}
