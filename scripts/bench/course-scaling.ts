/**
 * Part 2: course-size scaling. Builds synthetic courses of several sizes from copies of one real lesson and
 * checks that a lesson page does not grow with the course and that a lesson does not get dearer to build.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkCourse } from '../../src/content/check-course.ts';
import { buildSite, BuildFailed } from './build-site.ts';
import { NotMeasured } from './not-measured.ts';
import { budget, type PartReport } from './part.ts';
import { copyProject } from './project-copy.ts';
import { formatBytes, formatMs } from './sizes.ts';
import { median } from './stats.ts';
import { writeSyntheticCourse, type SourceLesson } from './synthetic-course.ts';
import { formatTable } from './table.ts';

export interface CourseSize {
  lessons: number;
  buildMs: number;
  msPerLesson: number;
  distBytes: number;
  medianLessonHtmlBytes: number;
  medianExerciseHtmlBytes: number | null;
  homeHtmlBytes: number;
}

/** Lesson HTML may grow this much from the smallest to the largest course (the page must not list the course). */
const HTML_GROWTH_LIMIT = 1.2;
/**
 * The build cost of one more lesson, between the two largest sizes, against the same between the two smallest.
 * Builds share two cores with other work, so a quarter of noise is allowed before calling it growth.
 */
const MARGINAL_GROWTH_LIMIT = 1.25;

function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? dirBytes(path) : statSync(path).size;
  }
  return total;
}

/** The first published lesson in course order, preferring one with exercises (its pages are the heavier pair). */
export async function pickSourceLesson(root: string): Promise<SourceLesson & { exercises: string[] }> {
  const { lessons } = await checkCourse(root);
  const published = [...lessons.entries()].filter(([, l]) => !l.draft).sort(([, a], [, b]) => a.order - b.order);
  const [slug, lesson] = published.find(([, l]) => l.exercises.length > 0) ?? published[0] ?? [];
  if (!slug || !lesson) throw new NotMeasured('there is no valid published lesson in lessons/ to copy');
  return { slug, title: lesson.title, hasPrerequisites: lesson.prerequisites.length > 0, exercises: lesson.exercises };
}

function htmlSize(dist: string, ...segments: string[]): number | null {
  const file = join(dist, ...segments, 'index.html');
  return existsSync(file) ? statSync(file).size : null;
}

export async function measureCourseScaling(root: string, sizes: readonly number[]): Promise<PartReport> {
  if (sizes.length < 2) throw new Error(`course scaling needs at least two course sizes, got ${sizes.join(',')}`);
  const source = await pickSourceLesson(root);
  const copy = copyProject(root, 'scaling');
  const results: CourseSize[] = [];
  try {
    for (const lessons of [...sizes].sort((a, b) => a - b)) {
      const slugs = writeSyntheticCourse(root, copy.dir, source, lessons);
      copy.clearBuild();
      process.stdout.write(`  building a course of ${lessons} lessons… `);
      let buildMs: number;
      try {
        buildMs = buildSite(copy.dir).ms;
      } catch (error) {
        if (error instanceof BuildFailed) throw new NotMeasured(`the synthetic course of ${lessons} copies of lessons/${source.slug}.mdx does not build: ${error.message}`);
        throw error;
      }
      console.log(formatMs(buildMs));
      const dist = join(copy.dir, 'dist');
      const lessonHtml = slugs.map((s) => htmlSize(dist, 'lessons', s)).filter((n) => n !== null);
      const exerciseHtml = source.exercises.length
        ? slugs.map((s) => htmlSize(dist, 'lessons', s, source.exercises[0]!)).filter((n) => n !== null)
        : [];
      if (lessonHtml.length !== slugs.length) throw new Error(`the build of ${lessons} lessons wrote ${lessonHtml.length} lesson pages, expected ${slugs.length}`);
      results.push({
        lessons,
        buildMs,
        msPerLesson: buildMs / lessons,
        distBytes: dirBytes(dist),
        medianLessonHtmlBytes: median(lessonHtml),
        medianExerciseHtmlBytes: exerciseHtml.length ? median(exerciseHtml) : null,
        homeHtmlBytes: htmlSize(dist) ?? 0,
      });
    }
  } finally {
    copy.remove();
  }

  const [smallest, second] = results;
  const largest = results.at(-1)!;
  const nextToLargest = results.at(-2)!;
  const marginal = (a: CourseSize, b: CourseSize) => (b.buildMs - a.buildMs) / (b.lessons - a.lessons);
  const early = marginal(smallest!, second!);
  const late = marginal(nextToLargest, largest);
  const htmlGrowth = largest.medianLessonHtmlBytes / smallest!.medianLessonHtmlBytes;

  const table = formatTable(
    ['lessons', 'build', 'per lesson', 'dist size', 'lesson HTML (median)', 'exercise HTML (median)', 'home HTML'],
    results.map((r) => [
      r.lessons,
      formatMs(r.buildMs),
      formatMs(r.msPerLesson),
      formatBytes(r.distBytes),
      formatBytes(r.medianLessonHtmlBytes),
      r.medianExerciseHtmlBytes === null ? '—' : formatBytes(r.medianExerciseHtmlBytes),
      formatBytes(r.homeHtmlBytes),
    ]),
  );
  const marginalLine = `one more lesson costs ${formatMs(early)} of build time from ${smallest!.lessons} to ${second!.lessons} lessons, ${formatMs(late)} from ${nextToLargest.lessons} to ${largest.lessons}`;
  return {
    tables: [{ caption: `copies of lessons/${source.slug}.mdx and its exercises; cold builds (${marginalLine})`, text: table }],
    budgets: [
      budget(
        `lesson HTML at ${largest.lessons} lessons within ${HTML_GROWTH_LIMIT}× of ${smallest!.lessons}`,
        htmlGrowth <= HTML_GROWTH_LIMIT,
        `≤ ${HTML_GROWTH_LIMIT}×`,
        `${htmlGrowth.toFixed(2)}×`,
      ),
      budget(
        'build time per lesson not growing (cost of one more lesson, largest sizes vs smallest)',
        late <= early * MARGINAL_GROWTH_LIMIT,
        `≤ ${MARGINAL_GROWTH_LIMIT}× of ${formatMs(early)}`,
        `${formatMs(late)} (${(late / early).toFixed(2)}×)`,
      ),
    ],
    notMeasured: [],
    data: { sourceLesson: source.slug, sizes: results, marginalMsPerLesson: { [`${smallest!.lessons}-${second!.lessons}`]: early, [`${nextToLargest.lessons}-${largest.lessons}`]: late } },
  };
}
