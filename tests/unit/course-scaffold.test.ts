/** new-lesson and new-exercise: what they write passes the content check and verify, and what they refuse. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCourse } from '../../src/content-check/check-course.ts';
import { exerciseDir } from '../../src/course/layout.ts';
import { newExercise, newLesson } from '../../src/course/scaffold.ts';
import { lintChecks } from '../../src/grading/lint-checks.ts';
import { verifyExercise } from '../../src/grading/verify.ts';
import { vendor } from '../../scripts/vendor.ts';

let root: string;
beforeAll(async () => {
  await vendor();
  root = await mkdtemp(join(tmpdir(), 'archlab-scaffold-'));
  await newLesson(root, 'request-path', { title: 'The request path: "hops"', section: 'Serving requests' });
  await newExercise(root, 'request-path/cache-headers');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the scaffold', () => {
  it('writes a draft lesson and two exercises that pass the content check', async () => {
    const { problems, lessons } = await checkCourse(root, lintChecks);
    expect(problems).toEqual([]);
    expect(lessons.get('request-path')).toMatchObject({ title: 'The request path: "hops"', section: 'Serving requests', draft: true, order: 1, exercises: ['first-exercise', 'cache-headers'] });
    expect(await readFile(join(root, 'lessons/request-path.summary.md'), 'utf8')).toMatch(/^- /);
  });

  it('writes exercises that verify: solution and right variant pass, starter and wrong variant fail', { timeout: 60_000 }, async () => {
    for (const id of ['request-path/first-exercise', 'request-path/cache-headers']) {
      const rows = await verifyExercise(exerciseDir(id, root), id);
      expect(rows.map((r) => [r.variant, r.problem])).toEqual([
        ['solution', undefined],
        ['starter', undefined],
        ['right/computed', undefined],
        ['wrong/off-by-one', undefined],
      ]);
    }
  });

  it('refuses an existing or bad slug, a missing lesson and an existing exercise, clearly', async () => {
    await expect(newLesson(root, 'request-path')).rejects.toThrow('lesson "request-path" exists already: lessons/request-path.mdx');
    await expect(newLesson(root, 'Request_Path')).rejects.toThrow('"Request_Path" is not a valid lesson slug');
    await expect(newExercise(root, 'request-path')).rejects.toThrow('expected <lesson>/<exercise>');
    await expect(newExercise(root, 'nope/x')).rejects.toThrow('there is no lesson "nope"');
    await expect(newExercise(root, 'request-path/cache-headers')).rejects.toThrow('exercise "request-path/cache-headers" exists already');
    await expect(newExercise(root, 'request-path/Bad')).rejects.toThrow('"Bad" is not a valid exercise name');
  });
});
