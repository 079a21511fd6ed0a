/**
 * `npm run new-lesson` and `npm run new-exercise`: a draft lesson (MDX with every frontmatter field, summary, quiz,
 * cards) and exercises that pass `check:content` and `verify` as written — the starter fails its one check, the
 * solution and a right variant pass it, a wrong variant fails it as its expect.json says. Every file names its
 * exercise, so two scaffolded exercises of one lesson are never byte-for-byte copies.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { parseFrontmatter } from '../content-check/frontmatter.ts';
import { slug as slugSchema } from '../schemas/common.ts';
import { exerciseDir, LESSONS, SANDBOXES } from './layout.ts';

/** A refusal, said to the author as is. */
export class ScaffoldError extends Error {}

export interface LessonOptions {
  title?: string;
  section?: string;
}

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/;
const FIRST_EXERCISE = 'first-exercise';

function checkSlug(value: string, what: string): void {
  if (!slugSchema.safeParse(value).success) {
    throw new ScaffoldError(`"${value}" is not a valid ${what}: use lowercase words joined by hyphens, like "request-path"`);
  }
}

const titleOf = (slug: string) => slug.charAt(0).toUpperCase() + slug.slice(1).replaceAll('-', ' ');
const lessonFile = (root: string, slug: string) => join(root, LESSONS, `${slug}.mdx`);

async function writeFiles(root: string, files: Record<string, string>): Promise<string[]> {
  for (const [path, contents] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), contents, { flag: 'wx' });
  }
  return Object.keys(files);
}

/** One past the highest `order` of the existing lessons. */
function nextOrder(root: string): number {
  const dir = join(root, LESSONS);
  let highest = 0;
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    if (!name.endsWith('.mdx')) continue;
    const parsed = parseFrontmatter(readFileSync(join(dir, name), 'utf8'));
    const order = parsed.ok ? (parsed.data as { order?: unknown } | null)?.order : undefined;
    if (typeof order === 'number') highest = Math.max(highest, order);
  }
  return highest + 1;
}

/** Writes a draft lesson `slug` with one exercise; returns the files written, relative to `root`. */
export async function newLesson(root: string, slug: string, options: LessonOptions = {}): Promise<string[]> {
  checkSlug(slug, 'lesson slug');
  if (existsSync(lessonFile(root, slug))) throw new ScaffoldError(`lesson "${slug}" exists already: ${LESSONS}/${slug}.mdx`);
  if (existsSync(join(root, SANDBOXES, slug))) throw new ScaffoldError(`${SANDBOXES}/${slug}/ exists already; pick another slug or remove the folder`);
  const title = options.title?.trim() || titleOf(slug);
  const frontmatter = {
    title,
    summary: `One or two sentences on what ${title} teaches.`,
    order: nextOrder(root),
    section: options.section?.trim() || 'Drafts',
    minutes: 30,
    difficulty: 'core',
    objectives: ['Replace this with what the learner can do afterwards, starting with a verb'],
    prerequisites: [],
    sources: [{ title: 'Replace with the primary source of the facts taught', url: 'https://example.com/' }],
    exercises: [FIRST_EXERCISE],
    draft: true,
  };
  const files = await writeFiles(root, {
    [`${LESSONS}/${slug}.mdx`]: `---\n${stringify(frontmatter).trimEnd()}\n---\n\n## Why it matters\n\nWrite the lesson here. It stays a draft (shown by \`npm run dev\` only) until you set \`draft: false\`.\n`,
    [`${LESSONS}/${slug}.summary.md`]: `- The first point to say about ${title} in an interview.\n`,
    [`${LESSONS}/${slug}.quiz.yaml`]: stringify({
      questions: [
        {
          id: 'first-question',
          prompt: `Replace with a question about ${title}.`,
          choices: [{ text: 'The right answer', correct: true, why: 'Say why it is right.' }, { text: 'A plausible wrong answer' }],
          explanation: 'Shown after answering, whatever was chosen.',
        },
      ],
    }),
    [`${LESSONS}/${slug}.cards.yaml`]: stringify({ cards: [{ id: 'first-card', front: `A question about ${title}`, back: 'Its answer.' }] }),
  });
  return [...files, ...(await writeExercise(root, slug, FIRST_EXERCISE))];
}

/** Writes exercise `<slug>/<name>` and lists it in the lesson's `exercises`; returns the files written and changed. */
export async function newExercise(root: string, id: string): Promise<string[]> {
  const [slug = '', name = '', ...rest] = id.split('/');
  if (rest.length || !name) throw new ScaffoldError(`expected <lesson>/<exercise>, like "request-path/cache-headers", got "${id}"`);
  checkSlug(slug, 'lesson slug');
  checkSlug(name, 'exercise name');
  const file = lessonFile(root, slug);
  if (!existsSync(file)) throw new ScaffoldError(`there is no lesson "${slug}" (${LESSONS}/${slug}.mdx); create it with npm run new-lesson -- ${slug}`);
  if (existsSync(exerciseDir(id, root))) throw new ScaffoldError(`exercise "${id}" exists already: ${SANDBOXES}/${id}/`);
  const source = readFileSync(file, 'utf8');
  const match = FRONTMATTER.exec(source);
  if (!match) throw new ScaffoldError(`${LESSONS}/${slug}.mdx has no frontmatter to list the exercise in`);
  const doc = parseDocument(match[1]!);
  if (doc.errors.length) throw new ScaffoldError(`${LESSONS}/${slug}.mdx: invalid frontmatter: ${doc.errors[0]!.message}`);
  const listed = doc.get('exercises');
  if (listed === undefined) doc.set('exercises', [name]);
  else doc.addIn(['exercises'], name);
  const written = await writeExercise(root, slug, name);
  await writeFile(file, `---\n${doc.toString().trimEnd()}\n---\n${source.slice(match[0].length)}`);
  return [...written, `${LESSONS}/${slug}.mdx`];
}

async function writeExercise(root: string, slug: string, name: string): Promise<string[]> {
  const id = `${slug}/${name}`;
  const base = `${SANDBOXES}/${id}`;
  const answer = (body: string, note: string) => `// ${id}: ${note}\nexport function answer() {\n  return ${body};\n}\n`;
  return writeFiles(root, {
    [`${base}/exercise.json`]: `${JSON.stringify(
      {
        title: titleOf(name),
        summary: `Replace with one sentence on what ${id} has the learner build.`,
        main: 'node main.js',
        editable: ['answer.js'],
        tasks: [{ id: 'answer', title: 'answer() returns 42', hints: ['Read answer.js: what does it return now?'] }],
      },
      null,
      2,
    )}\n`,
    [`${base}/instructions.md`]: `Replace with the situation of ${id}, how to make the failure happen, and the tasks.\n\n- **answer**: make \`answer()\` in \`answer.js\` return 42.\n`,
    [`${base}/starter/package.json`]: '{ "type": "module" }\n',
    [`${base}/starter/main.js`]: `// ${id}: what Run starts.\nimport { answer } from './answer.js';\n\nconsole.log(\`The answer is \${answer()}\`);\n`,
    [`${base}/starter/answer.js`]: answer('0', 'the file the learner edits.'),
    [`${base}/solution/answer.js`]: answer('42', 'as solved.'),
    [`${base}/right/computed/answer.js`]: answer('6 * 7', 'solved another way; verify proves it passes too.'),
    [`${base}/wrong/off-by-one/answer.js`]: answer('41', 'a near miss the check must reject.'),
    [`${base}/wrong/off-by-one/expect.json`]: `${JSON.stringify({ fails: ['answers-42'] })}\n`,
    [`${base}/checks/answer.check.js`]: [
      `// ${id}: the graded checks (see docs/checks.md).`,
      'export default [',
      '  {',
      "    id: 'answers-42',",
      "    name: 'answer() returns 42',",
      "    task: 'answer',",
      "    hint: 'Return the number itself, not a string.',",
      '    async run(t) {',
      "      const { answer } = await t.import('answer.js');",
      "      t.assert.equal(answer(), 42, 'answer()');",
      '    },',
      '  },',
      '];',
      '',
    ].join('\n'),
  });
}
