/**
 * Synthetic courses for the scaling bench: `count` copies of one real lesson, each with its own slug, title and
 * order, and with its exercise folders copied under the new slug, so the copies build exactly like real lessons.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/** The files of a lesson that carry its slug in their name. */
const LESSON_SUFFIXES = ['.mdx', '.quiz.yaml', '.cards.yaml'];

export interface CopyIdentity {
  slug: string;
  title: string;
  order: number;
  prerequisites: string[];
}

/** The identity of copy `n` (1-based) of the lesson `slug` titled `title`. */
export function copyIdentity(slug: string, title: string, n: number, hadPrerequisites: boolean): CopyIdentity {
  if (!Number.isInteger(n) || n < 1) throw new Error(`copyIdentity: n must be a whole number from 1, got ${n}`);
  return {
    slug: `${slug}-${n}`,
    title: `${title}, part ${n}`,
    order: n,
    // A chain keeps prerequisite links on the page without pointing at lessons the synthetic course lacks.
    prerequisites: hadPrerequisites && n > 1 ? [`${slug}-${n - 1}`] : [],
  };
}

/**
 * `text` with the lesson `from` renamed `to` where it names the lesson: in links (`/lessons/<slug>…`) and in quoted
 * exercise ids (`"<slug>/<exercise>"`). The slug as a plain word in prose stays.
 */
export function retarget(text: string, from: string, to: string): string {
  // Slugs are lowercase letters, digits and hyphens: nothing in them needs escaping in a pattern.
  return text
    .replace(new RegExp(`/lessons/${from}(?![a-z0-9-])`, 'g'), `/lessons/${to}`)
    .replace(new RegExp(`(["'\`])${from}/`, 'g'), `$1${to}/`);
}

/** The lesson MDX `source` (of lesson `fromSlug`) rewritten as the copy `to`. */
export function copyLessonMdx(source: string, fromSlug: string, to: CopyIdentity): string {
  const match = FRONTMATTER.exec(source);
  if (!match) throw new Error(`lessons/${fromSlug}.mdx: no frontmatter block to rewrite`);
  const data = parse(match[1] ?? '') as Record<string, unknown> | null;
  if (!data || typeof data !== 'object') throw new Error(`lessons/${fromSlug}.mdx: frontmatter is not a YAML mapping`);
  const frontmatter = { ...data, title: to.title, order: to.order, prerequisites: to.prerequisites };
  const body = source.slice(match[0].length);
  return `---\n${stringify(frontmatter).trimEnd()}\n---\n${retarget(body, fromSlug, to.slug)}`;
}

export interface SourceLesson {
  slug: string;
  title: string;
  hasPrerequisites: boolean;
}

/**
 * Replaces the course in `dir` (its `lessons/` and `sandboxes/`) with `count` copies of `lesson`, read from the
 * project at `root`. Returns the slugs written.
 */
export function writeSyntheticCourse(root: string, dir: string, lesson: SourceLesson, count: number): string[] {
  const lessonsDir = join(dir, 'lessons');
  const sandboxesDir = join(dir, 'sandboxes');
  for (const d of [lessonsDir, sandboxesDir]) {
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d);
  }
  const sourceSandbox = join(root, 'sandboxes', lesson.slug);
  const slugs: string[] = [];
  for (let n = 1; n <= count; n++) {
    const to = copyIdentity(lesson.slug, lesson.title, n, lesson.hasPrerequisites);
    for (const suffix of LESSON_SUFFIXES) {
      const from = join(root, 'lessons', `${lesson.slug}${suffix}`);
      if (!existsSync(from)) continue;
      const text = readFileSync(from, 'utf8');
      const copied = suffix === '.mdx' ? copyLessonMdx(text, lesson.slug, to) : retarget(text, lesson.slug, to.slug);
      writeFileSync(join(lessonsDir, `${to.slug}${suffix}`), copied);
    }
    if (existsSync(sourceSandbox)) {
      const target = join(sandboxesDir, to.slug);
      cpSync(sourceSandbox, target, { recursive: true });
      for (const exercise of readdirSync(target)) {
        const instructions = join(target, exercise, 'instructions.md');
        if (existsSync(instructions)) writeFileSync(instructions, retarget(readFileSync(instructions, 'utf8'), lesson.slug, to.slug));
      }
    }
    slugs.push(to.slug);
  }
  return slugs;
}
