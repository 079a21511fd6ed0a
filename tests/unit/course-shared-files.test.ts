/** A lesson's `_shared/` folder: what every consumer of an exercise gets from it, and what the content check refuses. */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLessonFiles } from '../../src/content-check/lesson-files.ts';
import { copyStarter, exerciseDir, findExercises, readExerciseFolder, readStarter, selectExercises } from '../../src/course/layout.ts';
import { grade } from '../../src/grading/grade.ts';
import { starterHash } from '../../src/progress/hash.ts';
import { vendor } from '../../scripts/vendor.ts';

const fixture = join(import.meta.dirname, '../fixtures/hostile/exercise');
let root: string;
const lesson = () => join(root, 'sandboxes/lesson');

beforeAll(async () => {
  await vendor();
  root = await mkdtemp(join(tmpdir(), 'archlab-shared-'));
  for (const name of ['first', 'second']) await cp(fixture, join(lesson(), name), { recursive: true });
  // Two exercises of one lesson differ (a copy is what the content check refuses), except in package.json and variants.
  for (const file of ['checks/hostile.check.js', 'starter/lib.js', 'starter/server.js']) await writeFile(join(lesson(), 'second', file), `// second\n${await readFile(join(fixture, file), 'utf8')}`);
  const manifest = JSON.parse(await readFile(join(fixture, 'exercise.json'), 'utf8'));
  await writeFile(join(lesson(), 'second/exercise.json'), JSON.stringify({ ...manifest, title: 'Second' }));
  await mkdir(join(lesson(), '_shared/checks'), { recursive: true });
  await writeFile(join(lesson(), '_shared/numbers.js'), 'export const TWO = 2;\n');
  await writeFile(join(lesson(), '_shared/checks/expect-two.js'), "export const expectTwo = (t, value) => t.assert.equal(value, 2, 'TWO');\n");
  await writeFile(
    join(lesson(), 'first/checks/shared.check.js'),
    [
      "import { expectTwo } from './_shared/expect-two.js';",
      "export default [{ id: 'two', name: 'numbers.js says two', task: 'library', async run(t) { expectTwo(t, (await t.import('numbers.js')).TWO); } }];",
      '',
    ].join('\n'),
  );
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the course layout', () => {
  it('finds exercises but not the lesson folder, and selects a lesson or one exercise', () => {
    expect(findExercises(root)).toEqual(['lesson/first', 'lesson/second']);
    expect(selectExercises(['lesson'], root)).toEqual({ ids: ['lesson/first', 'lesson/second'], unknown: [] });
    expect(selectExercises(['lesson/second', 'nope', 'lesson/nope'], root)).toEqual({ ids: ['lesson/second'], unknown: ['nope', 'lesson/nope'] });
  });

  it('gives the starter the shared files but never the check helpers', async () => {
    const starter = await readStarter(exerciseDir('lesson/first', root));
    expect(Object.keys(starter).sort()).toEqual(['lib.js', 'numbers.js', 'package.json', 'server.js']);
    const dest = join(root, 'laid');
    await copyStarter(exerciseDir('lesson/first', root), dest);
    expect(await readFile(join(dest, 'numbers.js'), 'utf8')).toBe('export const TWO = 2;\n');
    await expect(readFile(join(dest, 'checks/expect-two.js'))).rejects.toThrow(/ENOENT/);
    const folder = await readExerciseFolder('lesson/first', root);
    expect(Object.keys(folder.shared)).toEqual(['numbers.js']);
    expect(Object.keys(folder.sharedChecks)).toEqual(['expect-two.js']);
  });

  it('keeps the starter hash of saved edits when a read-only file moves into _shared/', async () => {
    const folder = await readExerciseFolder('lesson/first', root);
    const withShared = await readStarter(folder.dir);
    expect(await starterHash(withShared, folder.manifest.editable)).toBe(await starterHash({ ...folder.starter, 'numbers.js': 'moved here' }, folder.manifest.editable));
  });

  it('grades with the shared file beside the starter and the check helpers importable as ./_shared/', { timeout: 60_000 }, async () => {
    const results = await grade({ exerciseDir: exerciseDir('lesson/first', root) });
    expect(results.status).toBe('pass');
    expect(results.tests.find((t) => t.id === 'two')?.status).toBe('pass');
  });
});

describe('the content check of a lesson', () => {
  it('accepts the lesson as it is: package.json and variants may repeat', async () => {
    expect(await checkLessonFiles(root)).toEqual([]);
  });

  it('names both files of a shadowed shared file, of a copy across exercises, and a checks/_shared of its own', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'archlab-shared-bad-'));
    try {
      await cp(root, copy, { recursive: true });
      const bad = join(copy, 'sandboxes/lesson');
      await writeFile(join(bad, 'first/starter/numbers.js'), 'export const TWO = 3;\n');
      await writeFile(join(bad, 'first/starter/util.js'), 'export const same = 1;\n');
      await writeFile(join(bad, 'second/starter/util.js'), 'export const same = 1;\n');
      await mkdir(join(bad, 'second/checks/_shared'));
      await writeFile(join(bad, 'second/checks/_shared/x.js'), 'export {};\n');
      await mkdir(join(bad, '_assets'));
      const messages = (await checkLessonFiles(copy)).map((p) => `${p.file}: ${p.message}`);
      expect(messages).toEqual([
        'sandboxes/lesson/_assets: unknown lesson folder: the only one beside the exercises is _shared/',
        'sandboxes/lesson/first/starter/numbers.js: shadows the shared file sandboxes/lesson/_shared/numbers.js; remove one of them',
        "sandboxes/lesson/second/checks/_shared/x.js: checks/_shared/ is where the lesson's _shared/checks/ helpers are laid; move the file to sandboxes/lesson/_shared/checks/",
        'sandboxes/lesson/second/starter/util.js: a byte-for-byte copy of sandboxes/lesson/first/starter/util.js: move the file into sandboxes/lesson/_shared/ once',
      ]);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});
