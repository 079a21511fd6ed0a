import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { exerciseDir, findExercises, isExercise, SANDBOXES } from '../course/layout.ts';
import { packageProblem, projectDependencies } from '../course/packages.ts';
import { cardsSchema } from '../schemas/cards.ts';
import { slug as slugSchema } from '../schemas/common.ts';
import { exerciseSchema, type Exercise } from '../schemas/exercise.ts';
import { lessonSchema, type Lesson } from '../schemas/lesson.ts';
import { quizSchema } from '../schemas/quiz.ts';
import { summarySchema } from '../schemas/summary.ts';
import { parseFrontmatter, parseYaml, type YamlResult } from './frontmatter.ts';
import { checkLessonFiles } from './lesson-files.ts';
import { schemaProblems, type ContentProblem } from './problem.ts';

export interface CourseCheck {
  problems: ContentProblem[];
  lessons: Map<string, Lesson>;
  exercises: Map<string, Exercise>;
}

/** Extra checks an exercise folder gets once its manifest is valid (e.g. its check files). */
export type ExerciseLinter = (exerciseDir: string, exercise: Exercise, relDir: string) => Promise<ContentProblem[]>;

const LESSON_FILE = /^(.+)\.(mdx|quiz\.yaml|cards\.yaml|summary\.md)$/;

function listDir(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** Runs `tasks` at most `size` at a time; results in task order. */
async function inBatches<T>(tasks: readonly (() => Promise<T>)[], size: number): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < tasks.length; i += size) results.push(...(await Promise.all(tasks.slice(i, i + size).map((task) => task()))));
  return results;
}

/** The string entries of a frontmatter list with their indexes; anything else is the schema's to report. */
function stringsIn(value: unknown): [string, number][] {
  return Array.isArray(value) ? value.flatMap((v, i): [string, number][] => (typeof v === 'string' ? [[v, i]] : [])) : [];
}

function isDir(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

function validate<S extends z.ZodType>(
  file: string,
  schema: S,
  parsed: YamlResult,
  problems: ContentProblem[],
): z.output<S> | undefined {
  if (!parsed.ok) {
    problems.push({ file, message: parsed.message });
    return undefined;
  }
  const result = schema.safeParse(parsed.data ?? {});
  if (result.success) return result.data;
  problems.push(...schemaProblems(file, schema, result.error));
  return undefined;
}

function duplicateIds(file: string, field: string, ids: readonly string[], problems: ContentProblem[]): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) problems.push({ file, field: `${field}[${i}].id`, message: `duplicate id "${id}"` });
    seen.add(id);
  });
}

/**
 * Validates every lesson, quiz, card file and exercise manifest under `root`, and the links between them.
 * Returns all problems at once so an author fixes them in one pass.
 */
export async function checkCourse(root: string, lintExercise?: ExerciseLinter): Promise<CourseCheck> {
  const problems: ContentProblem[] = [];
  const lessons = new Map<string, Lesson>();
  const exercises = new Map<string, Exercise>();
  const lessonFiles = new Map<string, string>();
  /** Links of every lesson, valid or not, so a dangling link is reported alongside a type error. */
  const links = new Map<string, { prerequisites: unknown; exercises: unknown }>();
  const extras: { slug: string; file: string; kind: 'quiz' | 'cards' | 'summary' }[] = [];

  for (const name of listDir(join(root, 'lessons'))) {
    const file = `lessons/${name}`;
    const match = LESSON_FILE.exec(name);
    if (!match) {
      problems.push({ file, message: 'unexpected file: lessons/ holds only <slug>.mdx, <slug>.quiz.yaml, <slug>.cards.yaml and <slug>.summary.md' });
      continue;
    }
    const [, slug = '', ext] = match;
    if (!slugSchema.safeParse(slug).success) {
      problems.push({ file, message: `file name must be a slug of lowercase words joined by hyphens, like "message-queues.mdx"` });
      continue;
    }
    if (ext === 'mdx') {
      lessonFiles.set(slug, file);
      const parsed = parseFrontmatter(readFileSync(join(root, file), 'utf8'));
      const data = validate(file, lessonSchema, parsed, problems);
      if (data) lessons.set(slug, data);
      const raw = parsed.ok && parsed.data && typeof parsed.data === 'object' ? (parsed.data as Record<string, unknown>) : {};
      links.set(slug, { prerequisites: raw.prerequisites, exercises: raw.exercises });
    } else {
      extras.push({ slug, file, kind: ext === 'quiz.yaml' ? 'quiz' : ext === 'cards.yaml' ? 'cards' : 'summary' });
    }
  }

  for (const { slug, file, kind } of extras) {
    if (!lessonFiles.has(slug)) problems.push({ file, message: `no lesson lessons/${slug}.mdx for this ${kind} file` });
    if (kind === 'summary') {
      const summary = summarySchema.safeParse(readFileSync(join(root, file), 'utf8'));
      if (!summary.success) problems.push(...schemaProblems(file, summarySchema, summary.error));
      continue;
    }
    const parsed = parseYaml(readFileSync(join(root, file), 'utf8'));
    if (kind === 'quiz') {
      const quiz = validate(file, quizSchema, parsed, problems);
      if (quiz) duplicateIds(file, 'questions', quiz.questions.map((q) => q.id), problems);
    } else {
      const cards = validate(file, cardsSchema, parsed, problems);
      if (cards) duplicateIds(file, 'cards', cards.cards.map((c) => c.id), problems);
    }
  }

  const orders = new Map<number, string>();
  for (const [slug, lesson] of lessons) {
    const other = orders.get(lesson.order);
    if (other) problems.push({ file: lessonFiles.get(slug)!, field: 'order', message: `order ${lesson.order} is also used by ${other}; each lesson needs its own` });
    orders.set(lesson.order, lessonFiles.get(slug)!);
  }
  const listed = new Map<string, string[]>();
  for (const [slug, raw] of links) {
    const file = lessonFiles.get(slug)!;
    stringsIn(raw.prerequisites).forEach(([pre, i]) => {
      if (pre === slug) problems.push({ file, field: `prerequisites[${i}]`, message: 'a lesson cannot be its own prerequisite' });
      else if (!lessonFiles.has(pre)) problems.push({ file, field: `prerequisites[${i}]`, message: `expected the slug of an existing lesson, but lessons/${pre}.mdx does not exist` });
    });
    const exerciseNames = stringsIn(raw.exercises);
    listed.set(slug, exerciseNames.map(([name]) => name));
    exerciseNames.forEach(([ex, i], n) => {
      if (exerciseNames.findIndex(([other]) => other === ex) !== n) problems.push({ file, field: `exercises[${i}]`, message: `"${ex}" is listed twice` });
      else if (!isExercise(`${slug}/${ex}`, root)) {
        problems.push({ file, field: `exercises[${i}]`, message: `expected an exercise folder, but sandboxes/${slug}/${ex}/exercise.json does not exist` });
      }
    });
  }

  // Linting loads check files in child processes: a few side by side (not all: a big course would run out of
  // file handles), reported in folder order.
  const lints: (() => Promise<ContentProblem[]>)[] = [];
  let dependencies: Record<string, string> | undefined;
  for (const id of findExercises(root)) {
    const [slug, name] = id.split('/') as [string, string];
    const relDir = `${SANDBOXES}/${id}`;
    const dir = exerciseDir(id, root);
    if (!lessonFiles.has(slug)) {
      problems.push({ file: relDir, message: `no lesson lessons/${slug}.mdx for this exercise folder` });
    } else if (!listed.get(slug)?.includes(name)) {
      problems.push({ file: relDir, message: `not listed in the "exercises" of lessons/${slug}.mdx; add "${name}" there or remove the folder` });
    }
    const exercise = checkExerciseFolder(dir, relDir, problems);
    if (!exercise) continue;
    exercise.packages.forEach((name, i) => {
      const problem = packageProblem(name, (dependencies ??= projectDependencies(root)));
      if (problem) problems.push({ file: `${relDir}/exercise.json`, field: `packages[${i}]`, message: problem });
    });
    exercises.set(id, exercise);
    if (lintExercise) lints.push(() => lintExercise(dir, exercise, relDir));
  }
  problems.push(...(await checkLessonFiles(root)));
  for (const lint of await inBatches(lints, 4)) problems.push(...lint);
  return { problems, lessons, exercises };
}

function checkExerciseFolder(dir: string, relDir: string, problems: ContentProblem[]): Exercise | undefined {
  if (!slugSchema.safeParse(relDir.split('/').pop()).success) {
    problems.push({ file: relDir, message: 'folder name must be lowercase words joined by hyphens, like "graceful-shutdown"' });
  }
  const manifestFile = `${relDir}/exercise.json`;
  if (!existsSync(join(dir, 'exercise.json'))) {
    problems.push({ file: manifestFile, message: 'missing: every exercise folder needs an exercise.json' });
    return undefined;
  }
  let parsed: YamlResult;
  try {
    parsed = { ok: true, data: JSON.parse(readFileSync(join(dir, 'exercise.json'), 'utf8')) };
  } catch (e) {
    parsed = { ok: false, message: `invalid JSON: ${(e as Error).message}` };
  }
  const exercise = validate(manifestFile, exerciseSchema, parsed, problems);
  if (!existsSync(join(dir, 'instructions.md'))) {
    problems.push({ file: `${relDir}/instructions.md`, message: 'missing: the exercise prose shown beside the workspace' });
  }
  if (!isDir(join(dir, 'starter'))) {
    problems.push({ file: `${relDir}/starter`, message: 'missing: the folder with the program the learner starts from' });
    return exercise;
  }
  if (!exercise) return undefined;
  duplicateIds(manifestFile, 'tasks', exercise.tasks.map((t) => t.id), problems);
  exercise.editable.forEach((path, i) => {
    if (!existsSync(join(dir, 'starter', path))) {
      problems.push({ file: manifestFile, field: `editable[${i}]`, message: `expected a file of the starter, but starter/${path} does not exist` });
    }
  });
  return exercise;
}
