/**
 * Part 2: course-size scaling. Builds synthetic courses of several sizes from copies of one real lesson and
 * checks that a lesson page does not grow with the course and that a lesson does not get dearer to build.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildSite, BuildFailed } from './build-site.ts';
import { listFiles } from './list-files.ts';
import { NotMeasured } from './not-measured.ts';
import { pickLesson } from './pick-lesson.ts';
import { budget, type PartReport } from './part.ts';
import { copyProject } from './project-copy.ts';
import { formatBytes, formatMs } from './sizes.ts';
import { median } from './stats.ts';
import { writeSyntheticCourse } from './synthetic-course.ts';
import { formatTable } from './table.ts';

export interface CourseSize {
  lessons: number;
  /** The fastest of `builds`. */
  buildMs: number;
  builds: number[];
  msPerLesson: number;
  distBytes: number;
  medianLessonHtmlBytes: number;
  medianExerciseHtmlBytes: number | null;
  homeHtmlBytes: number;
}

/**
 * A build shorter than this is repeated and the faster one counts: other work on the machine (and a cold disk
 * cache) only ever slows a build down, and a few seconds of that matter most to a short build. Longer builds run
 * once to keep the bench within minutes.
 */
const REPEAT_BELOW_MS = 60_000;

/** Lesson HTML may grow this much from the smallest to the largest course (the page must not list the course). */
const HTML_GROWTH_LIMIT = 1.2;

function dirBytes(dir: string): number {
  return listFiles(dir).reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
}

function htmlSize(dist: string, ...segments: string[]): number | null {
  const file = join(dist, ...segments, 'index.html');
  return existsSync(file) ? statSync(file).size : null;
}

export async function measureCourseScaling(root: string, sizes: readonly number[]): Promise<PartReport> {
  if (sizes.length < 2) throw new Error(`course scaling needs at least two course sizes, got ${sizes.join(',')}`);
  const source = await pickLesson(root);
  const copy = copyProject(root, 'scaling');
  const results: CourseSize[] = [];
  const ordered = [...sizes].sort((a, b) => a - b);
  /** The first size that failed to build, and how; larger ones are not tried. */
  let failed: { lessons: number; message: string } | null = null;
  try {
    const build = () => {
      copy.clearBuild();
      return buildSite(copy.dir).ms;
    };
    for (const lessons of ordered) {
      const slugs = writeSyntheticCourse(root, copy.dir, source, lessons);
      let times: number[];
      try {
        times = [build()];
        if (times[0]! < REPEAT_BELOW_MS) times.push(build());
      } catch (error) {
        if (!(error instanceof BuildFailed)) throw error;
        failed = { lessons, message: error.message };
        console.log(`  ${lessons} lessons: the build failed`);
        break;
      }
      const buildMs = Math.min(...times);
      console.log(`  ${lessons} lessons: ${times.map(formatMs).join(', ')}`);
      const dist = join(copy.dir, 'dist');
      const lessonHtml = slugs.map((s) => htmlSize(dist, 'lessons', s)).filter((n) => n !== null);
      const exerciseHtml = source.exercises.length
        ? slugs.map((s) => htmlSize(dist, 'lessons', s, source.exercises[0]!)).filter((n) => n !== null)
        : [];
      if (lessonHtml.length !== slugs.length) throw new Error(`the build of ${lessons} lessons wrote ${lessonHtml.length} lesson pages, expected ${slugs.length}`);
      results.push({
        lessons,
        buildMs,
        builds: times,
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

  const failure = failed && `the course of ${failed.lessons} copies of lessons/${source.slug}.mdx does not build: ${failed.message}`;
  if (results.length < 2) throw new NotMeasured(failure ?? 'fewer than two course sizes were built');
  const smallest = results[0]!;
  const largest = results.at(-1)!;
  const htmlGrowth = largest.medianLessonHtmlBytes / smallest.medianLessonHtmlBytes;
  // Time per lesson must not rise from one size to the next. The cost of one more lesson between sizes is printed
  // too: it shows growth sooner, but on a shared two-core machine a few seconds of noise swamp it at small sizes.
  const growing = results.slice(1).filter((r, i) => r.msPerLesson > results[i]!.msPerLesson);
  const marginal = results.slice(1).map((r, i) => ({
    from: results[i]!.lessons,
    to: r.lessons,
    msPerLesson: (r.buildMs - results[i]!.buildMs) / (r.lessons - results[i]!.lessons),
  }));

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
  const marginalLine = `one more lesson costs ${marginal.map((m) => `${formatMs(m.msPerLesson)} from ${m.from} to ${m.to}`).join(', ')}`;
  return {
    tables: [{ caption: `copies of lessons/${source.slug}.mdx and its exercises; cold builds, the faster of two when under ${formatMs(REPEAT_BELOW_MS)}; ${marginalLine}`, text: table }],
    budgets: [
      budget(
        `lesson HTML at ${largest.lessons} lessons within ${HTML_GROWTH_LIMIT}× of ${smallest.lessons}`,
        htmlGrowth <= HTML_GROWTH_LIMIT,
        `≤ ${HTML_GROWTH_LIMIT}×`,
        `${htmlGrowth.toFixed(2)}×`,
      ),
      budget(
        'build time per lesson not growing with course size',
        growing.length === 0,
        'each size ≤ the one before',
        results.map((r) => `${formatMs(r.msPerLesson)} at ${r.lessons}`).join(', '),
      ),
      budget('every course size builds', failed === null, ordered.join(', '), failed ? `the build of ${failed.lessons} lessons failed` : 'all built'),
    ],
    notMeasured: failure ? [failure] : [],
    data: { sourceLesson: source.slug, sizes: results, marginal, buildFailure: failure },
  };
}
