import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCourse } from '../../src/content-check/check-course.ts';
import type { ContentProblem } from '../../src/content-check/problem.ts';
import { SUMMARY_MAX_CHARS } from '../../src/schemas/summary.ts';

const fixtures = resolve(import.meta.dirname, '../fixtures/courses');

function find(problems: ContentProblem[], file: string, field?: string): ContentProblem {
  const hit = problems.find((p) => p.file === file && p.field === field);
  if (!hit) throw new Error(`no problem for ${file} ${field ?? ''}; got:\n${problems.map((p) => `${p.file} ${p.field}: ${p.message}`).join('\n')}`);
  return hit;
}

describe('checkCourse on a broken course', async () => {
  const { problems } = await checkCourse(join(fixtures, 'broken'));

  it('names a wrong type with the file, the field and the expected type', () => {
    expect(find(problems, 'lessons/queues.mdx', 'order').message).toMatch(/expected number.*string/);
    expect(find(problems, 'sandboxes/queues/first/exercise.json', 'timeouts.check').message).toMatch(/expected number/);
  });

  it('rejects unknown fields and suggests the field that was meant', () => {
    expect(find(problems, 'lessons/queues.mdx', 'tittle').message).toMatch(/unknown field.*"title"/);
    expect(find(problems, 'lessons/queues.cards.yaml', 'cards[0].colour').message).toMatch(/unknown field.*id, front, back/);
  });

  it('reports dangling prerequisites and exercises even when other fields are invalid', () => {
    expect(find(problems, 'lessons/queues.mdx', 'prerequisites[0]').message).toMatch(/no-such-lesson/);
    expect(find(problems, 'lessons/queues.mdx', 'exercises[1]').message).toMatch(/sandboxes\/queues\/missing-one/);
  });

  it('reports missing fields, bad enums, bad URLs and escaping paths in plain words', () => {
    expect(find(problems, 'lessons/queues.quiz.yaml', 'questions[0].explanation').message).toMatch(/missing/);
    expect(find(problems, 'sandboxes/queues/first/exercise.json', 'runtimes[0]').message).toMatch(/"local", "webcontainer"/);
    expect(find(problems, 'lessons/queues.mdx', 'sources[0].url').message).toMatch(/http/);
    expect(find(problems, 'sandboxes/queues/first/exercise.json', 'editable[1]').message).toMatch(/relative path/);
  });

  it('refuses a package the project does not depend on, or pins loosely, naming the manifest and the entry', () => {
    const manifest = 'sandboxes/queues/orphan/exercise.json';
    expect(find(problems, manifest, 'packages[1]').message).toBe(
      '"left-pad" is not a dependency of the project: add it to package.json\'s dependencies (exact version) first',
    );
    expect(find(problems, manifest, 'packages[2]').message).toMatch(/^"ranged" is pinned as "\^1\.0\.0" in package\.json; sandboxes need an exact version/);
    expect(problems.filter((p) => p.file === manifest && p.field === 'packages[0]')).toEqual([]);
  });

  it('reports YAML syntax errors with a line, and files that belong to no lesson', () => {
    const yaml = problems.filter((p) => p.file === 'lessons/orphan.quiz.yaml');
    expect(yaml.map((p) => p.message).join('\n')).toMatch(/invalid YAML: line 1/);
    expect(yaml.map((p) => p.message).join('\n')).toMatch(/no lesson lessons\/orphan\.mdx/);
    expect(find(problems, 'sandboxes/queues/orphan').message).toMatch(/not listed/);
    expect(find(problems, 'sandboxes/queues/orphan/instructions.md').message).toMatch(/missing/);
  });
});

describe('checkCourse on the real course', () => {
  it('finds no problems', async () => {
    const { problems, lessons } = await checkCourse(resolve(import.meta.dirname, '../..'));
    expect(problems).toEqual([]);
    expect(lessons.size).toBeGreaterThan(0);
  });
});

describe('checkCourse on edge cases', () => {
  const dir = mkdtempSync(join(tmpdir(), 'archlab-course-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a missing frontmatter block, duplicate order and a stray file', async () => {
    mkdirSync(join(dir, 'lessons'));
    writeFileSync(join(dir, 'lessons', 'no-front.mdx'), '# just a heading\n');
    const front = (order: number) => `---\ntitle: T\nsummary: S\norder: ${order}\nsection: A\nminutes: 5\ndifficulty: core\nobjectives: [x]\n---\n`;
    writeFileSync(join(dir, 'lessons', 'a.mdx'), front(1));
    writeFileSync(join(dir, 'lessons', 'b.mdx'), front(1));
    writeFileSync(join(dir, 'lessons', 'notes.md'), 'stray');
    const { problems } = await checkCourse(dir);
    expect(find(problems, 'lessons/no-front.mdx').message).toMatch(/missing frontmatter/);
    expect(find(problems, 'lessons/b.mdx', 'order').message).toMatch(/also used by lessons\/a\.mdx/);
    expect(find(problems, 'lessons/notes.md').message).toMatch(/unexpected file/);
  });

  it('validates interview summaries: not empty, no frontmatter, one screen, and of a lesson', async () => {
    writeFileSync(join(dir, 'lessons', 'a.summary.md'), '  \n');
    writeFileSync(join(dir, 'lessons', 'b.summary.md'), `- ${'x'.repeat(SUMMARY_MAX_CHARS)}\n`);
    writeFileSync(join(dir, 'lessons', 'gone.summary.md'), '---\ntitle: x\n---\n- a point\n');
    const { problems } = await checkCourse(dir);
    expect(find(problems, 'lessons/a.summary.md').message).toMatch(/^empty/);
    expect(find(problems, 'lessons/b.summary.md').message).toMatch(/longer than one screen/);
    const gone = problems.filter((p) => p.file === 'lessons/gone.summary.md').map((p) => p.message);
    expect(gone).toEqual(['no lesson lessons/gone.mdx for this summary file', 'a summary has no frontmatter: start with the Markdown itself']);
  });
});
