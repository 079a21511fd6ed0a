import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyIdentity, copyLessonMdx, retarget, writeSyntheticCourse } from '../../scripts/bench/synthetic-course.ts';
import { checkCourse } from '../../src/content-check/check-course.ts';

const lesson = `---
title: Queues
summary: Why queues acknowledge late.
order: 4
section: Async work
minutes: 20
difficulty: core
objectives: [Explain acks]
prerequisites: [dev-vs-production]
exercises: [acks]
---

## Acks

Open [the exercise](/lessons/queues/acks/) or read about queues-and-streams; queues are everywhere.
`;

describe('retarget', () => {
  it('renames the lesson in links and quoted exercise ids only', () => {
    expect(retarget('[a](/lessons/queues/acks/) [b](/lessons/queues#x) /lessons/queues-and-streams/', 'queues', 'queues-7')).toBe(
      '[a](/lessons/queues-7/acks/) [b](/lessons/queues-7#x) /lessons/queues-and-streams/',
    );
    expect(retarget(`<Ex id="queues/acks" /> {'queues/acks'} queues/acks queues`, 'queues', 'q-2')).toBe(`<Ex id="q-2/acks" /> {'q-2/acks'} queues/acks queues`);
  });
});

describe('copyIdentity', () => {
  it('gives each copy its own slug, title and order, chaining prerequisites', () => {
    expect(copyIdentity('queues', 'Queues', 1, true)).toEqual({ slug: 'queues-1', title: 'Queues, part 1', order: 1, prerequisites: [] });
    expect(copyIdentity('queues', 'Queues', 3, true).prerequisites).toEqual(['queues-2']);
    expect(copyIdentity('queues', 'Queues', 3, false).prerequisites).toEqual([]);
  });
  it('refuses a copy number below 1', () => {
    expect(() => copyIdentity('queues', 'Queues', 0, false)).toThrow(/whole number from 1, got 0/);
  });
});

describe('copyLessonMdx', () => {
  it('rewrites the identity in the frontmatter and the slug in links, keeping the rest', () => {
    const copy = copyLessonMdx(lesson, 'queues', copyIdentity('queues', 'Queues', 2, true));
    expect(copy).toMatch(/^---\ntitle: Queues, part 2\n/);
    expect(copy).toMatch(/\norder: 2\n/);
    expect(copy).toMatch(/\nprerequisites:\n {2}- queues-1\n/);
    expect(copy).toMatch(/\nexercises:\n {2}- acks\n/);
    expect(copy).toContain('(/lessons/queues-2/acks/) or read about queues-and-streams; queues are everywhere.');
  });
  it('names the lesson when there is no frontmatter', () => {
    expect(() => copyLessonMdx('# no frontmatter', 'queues', copyIdentity('queues', 'Queues', 1, false))).toThrow(/lessons\/queues\.mdx: no frontmatter/);
  });
});

describe('writeSyntheticCourse', () => {
  const root = mkdtempSync(join(tmpdir(), 'bench-synthetic-source-'));
  const target = mkdtempSync(join(tmpdir(), 'bench-synthetic-target-'));
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(target, { recursive: true, force: true });
  });
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  it('writes a course of copies that passes the content check', async () => {
    write('lessons/queues.mdx', lesson);
    write('lessons/queues.quiz.yaml', 'questions:\n  - id: q1\n    prompt: Ack when?\n    choices:\n      - text: After the work\n        correct: true\n      - text: Before\n    explanation: Work first.\n');
    write(
      'sandboxes/queues/acks/exercise.json',
      JSON.stringify({ title: 'Acks', summary: 'Ack late.', main: 'node app.js', editable: ['app.js'], tasks: [{ id: 'ack', title: 'Ack after work', hints: [] }] }),
    );
    write('sandboxes/queues/acks/instructions.md', '# Acks\n\nBack to [the lesson](/lessons/queues/).\n');
    write('sandboxes/queues/acks/starter/app.js', 'console.log("hi");\n');
    // Leftovers of the target's previous course must go.
    mkdirSync(join(target, 'lessons'), { recursive: true });
    writeFileSync(join(target, 'lessons', 'old.mdx'), 'stale');

    const slugs = writeSyntheticCourse(root, target, { slug: 'queues', title: 'Queues', hasPrerequisites: true }, 3);

    expect(slugs).toEqual(['queues-1', 'queues-2', 'queues-3']);
    const { problems, lessons, exercises } = await checkCourse(target);
    expect(problems).toEqual([]);
    expect([...lessons.keys()].sort()).toEqual(slugs);
    expect(lessons.get('queues-3')).toMatchObject({ title: 'Queues, part 3', order: 3, prerequisites: ['queues-2'] });
    expect([...exercises.keys()].sort()).toEqual(['queues-1/acks', 'queues-2/acks', 'queues-3/acks']);
    expect(readFileSync(join(target, 'sandboxes/queues-2/acks/instructions.md'), 'utf8')).toContain('(/lessons/queues-2/)');
    expect(readFileSync(join(target, 'lessons/queues-2.quiz.yaml'), 'utf8')).toContain('Ack when?');
  });
});
