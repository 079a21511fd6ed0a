/** Which real lesson the bench measures and copies. */
import { checkCourse } from '../../src/content-check/check-course.ts';
import { NotMeasured } from './not-measured.ts';
import type { SourceLesson } from './synthetic-course.ts';

/** The first published lesson in course order, preferring one with exercises (its pages are the heavier pair). */
export async function pickLesson(root: string): Promise<SourceLesson & { exercises: string[] }> {
  const { lessons } = await checkCourse(root);
  const published = [...lessons.entries()].filter(([, l]) => !l.draft).sort(([, a], [, b]) => a.order - b.order);
  const [slug, lesson] = published.find(([, l]) => l.exercises.length > 0) ?? published[0] ?? [];
  if (!slug || !lesson) throw new NotMeasured('there is no valid published lesson in lessons/ to measure');
  return { slug, title: lesson.title, hasPrerequisites: lesson.prerequisites.length > 0, exercises: lesson.exercises };
}
