/** lintChecks: the content problems `npm run check:content` reports for an exercise's checks, solution and wrong variants. */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readExercise } from '../../src/grading/exercise-files.ts';
import { lintChecks } from '../../src/grading/lint-checks.ts';

const sample = join(import.meta.dirname, '../../sandboxes/dev-vs-production/graceful-shutdown');
const fixture = join(import.meta.dirname, '../fixtures/hostile/exercise');

let temp: string | undefined;
afterEach(async () => {
  if (temp) await rm(temp, { recursive: true, force: true });
  temp = undefined;
});

/** A copy of the hostile fixture exercise with `files` written over it (null deletes). */
async function exerciseWith(files: Record<string, string | null>): Promise<string> {
  temp = await mkdtemp(join(tmpdir(), 'archlab-lint-'));
  const dir = join(temp, 'ex');
  await cp(fixture, dir, { recursive: true });
  for (const [path, contents] of Object.entries(files)) {
    if (contents === null) await rm(join(dir, path), { recursive: true, force: true });
    else {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), contents);
    }
  }
  return dir;
}

async function lint(dir: string) {
  return lintChecks(dir, await readExercise(dir), 'ex');
}

const check = (fields: string) => `{ ${fields}, run() {} }`;

describe('lintChecks', () => {
  it('finds nothing wrong with the sample exercise or the fixture', async () => {
    expect(await lintChecks(sample, await readExercise(sample), 'sandboxes/dev-vs-production/graceful-shutdown')).toEqual([]);
    expect(await lint(await exerciseWith({}))).toEqual([]);
  });

  it('reports an unknown task, a task with no check, and a duplicate id', async () => {
    const dir = await exerciseWith({
      'checks/hostile.check.js': `export default [
        ${check("id: 'adds', name: 'Adds', task: 'library'")},
        ${check("id: 'adds', name: 'Adds again', task: 'library'")},
        ${check("id: 'serves', name: 'Serves', task: 'sever'")},
      ];`,
    });
    expect(await lint(dir)).toEqual([
      { file: 'ex/checks/hostile.check.js', field: '[1].id', message: 'duplicate id "adds" (also checks/hostile.check.js [0])' },
      { file: 'ex/checks/hostile.check.js', field: '[2].task', message: 'unknown task "sever"; exercise.json declares: library, server' },
      { file: 'ex/exercise.json', field: 'tasks[1]', message: 'task "server" has no check' },
    ]);
  });

  it('reports duplicate ids across check files', async () => {
    const dir = await exerciseWith({ 'checks/more.check.js': `export default [${check("id: 'serves-ok', name: 'Again', task: 'server'")}];` });
    expect(await lint(dir)).toEqual([
      { file: 'ex/checks/more.check.js', field: '[0].id', message: 'duplicate id "serves-ok" (also checks/hostile.check.js [2])' },
    ]);
  });

  it('reports a check missing id, name, task or run, and fields of the wrong type', async () => {
    const dir = await exerciseWith({
      'checks/hostile.check.js': `export default [
        { name: 'No id', task: 'library', run() {} },
        { id: 'no-run', name: 'No run', task: 'server' },
        { id: 'typed', name: 42, task: 'server', hint: [], measuresTime: 'no', run() {} },
        'not a check',
      ];`,
    });
    expect(await lint(dir)).toEqual([
      { file: 'ex/checks/hostile.check.js', field: '[0].id', message: 'missing' },
      { file: 'ex/checks/hostile.check.js', field: '[1].run', message: 'expected a function `run(t)`' },
      { file: 'ex/checks/hostile.check.js', field: '[2].name', message: 'expected text, got number' },
      { file: 'ex/checks/hostile.check.js', field: '[2].hint', message: 'expected text, got object' },
      { file: 'ex/checks/hostile.check.js', field: '[2].measuresTime', message: 'expected true or false' },
      { file: 'ex/checks/hostile.check.js', field: '[3]', message: 'expected a check object { id, name, task, run }' },
    ]);
  });

  it('reports a check file that does not load or exports no array, with its line', async () => {
    const dir = await exerciseWith({
      'checks/broken.check.js': 'export default [\n  { id: "x" ,, },\n];\n',
      'checks/object.check.js': 'export default { id: "x" };\n',
    });
    const problems = await lint(dir);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toEqual({ file: 'ex/checks/broken.check.js', message: "could not be loaded: line 2: SyntaxError: Unexpected token ','" });
    expect(problems[1]).toEqual({ file: 'ex/checks/object.check.js', message: 'expected `export default [ ...checks ]`: an array of check objects' });
  });

  it('reports an exercise without solution/ or without checks/', async () => {
    const dir = await exerciseWith({ solution: null, checks: null });
    expect(await lint(dir)).toEqual([
      { file: 'ex/solution', message: "missing: the folder with the solution's versions of the editable files" },
      { file: 'ex/checks', message: 'missing: the folder with the *.check.js files that grade the tasks' },
    ]);
  });

  it('reports bad wrong/*/expect.json files and files grading would ignore', async () => {
    const solutionLib = await readFile(join(fixture, 'solution/lib.js'), 'utf8');
    const dir = await exerciseWith({
      'wrong/good/lib.js': solutionLib.replace('a + b', 'a - b'),
      'wrong/good/expect.json': '{ "fails": ["adds", "serves-sum"] }',
      'wrong/no-expect/lib.js': solutionLib,
      'wrong/bad-json/lib.js': solutionLib,
      'wrong/bad-json/expect.json': '{ fails: [] }',
      'wrong/unknown-id/lib.js': solutionLib,
      'wrong/unknown-id/expect.json': '{ "fails": ["adds", "subtracts"] }',
      'wrong/ignored-file/README.md': 'not editable',
      'wrong/ignored-file/expect.json': '{ "fails": [] }',
    });
    const problems = await lint(dir);
    expect(problems).toContainEqual({ file: 'ex/wrong/no-expect/expect.json', message: 'missing: expected {"fails": ["check-id", ...]}' });
    expect(problems).toContainEqual(expect.objectContaining({ file: 'ex/wrong/bad-json/expect.json', message: expect.stringMatching(/^invalid JSON/) }));
    expect(problems).toContainEqual({ file: 'ex/wrong/unknown-id/expect.json', field: 'fails[1]', message: 'unknown check id "subtracts"' });
    expect(problems).toContainEqual({ file: 'ex/wrong/ignored-file/expect.json', field: 'fails', message: 'expected at least one check id: a wrong variant must fail something' });
    expect(problems).toContainEqual({ file: 'ex/wrong/ignored-file/README.md', message: 'not an editable path of the exercise (server.js, lib.js), so grading would ignore it' });
    expect(problems).toContainEqual({ file: 'ex/wrong/ignored-file', message: 'no editable files: a wrong variant holds changed versions of editable files beside expect.json' });
    expect(problems.filter((p) => p.file.startsWith('ex/wrong/good'))).toEqual([]);
  });
});
