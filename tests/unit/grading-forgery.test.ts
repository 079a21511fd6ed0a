/**
 * Learner code that tries to turn a failing grade into a passing one (fixtures in tests/fixtures/forgery/): each
 * attack is laid in front of both editable files of a starter that fails every check, and must grade exactly as
 * the plain starter does.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFolderFiles } from '../../src/grading/exercise-files.ts';
import { grade } from '../../src/grading/grade.ts';
import type { Results } from '../../src/schemas/results.ts';
import { vendor } from '../../scripts/vendor.ts';

const fixtures = join(import.meta.dirname, '../fixtures/forgery');
const exerciseDir = join(import.meta.dirname, '../../sandboxes/message-queues/explicit-acks');
const EDITABLE = ['signup.js', 'worker.js'];
const TIMEOUT = 60_000;

const statuses = (results: Results) => results.tests.map((t) => [t.id, t.status]);

let starter: Record<string, string>;
let plain: Results;

beforeAll(async () => {
  await vendor(); // workers start from the bundle, as the runner's do
  starter = await readFolderFiles(join(exerciseDir, 'starter'));
  plain = await grade({ exerciseDir, learnerFiles: starter });
}, TIMEOUT);

async function gradeAttack(name: string): Promise<Results> {
  const attack = await readFile(join(fixtures, `${name}.js`), 'utf8');
  const learnerFiles = Object.fromEntries(EDITABLE.map((path) => [path, `${attack}\n${starter[path]}`]));
  return grade({ exerciseDir, learnerFiles });
}

describe('learner code cannot forge a passing grade', () => {
  it('the plain starter fails every check', () => {
    expect(plain.status).toBe('fail');
    expect(plain.tests.length).toBeGreaterThan(0);
    expect(plain.tests.every((t) => t.status !== 'pass')).toBe(true);
  });

  it.each([
    ['to-json', 'defining Object.prototype.toJSON'],
    ['write-sync', 'replacing fs.writeSync and syncing the ESM bindings'],
    ['rewrite-checks', 'overwriting the copied check files'],
    ['inspector', 'reading the nonce through node:inspector'],
    ['heap-snapshot', 'finding the nonce in a heap snapshot'],
  ])('%s: %s grades as the plain starter', { timeout: TIMEOUT }, async (name) => {
    const results = await gradeAttack(name);
    expect(results.status).toBe(plain.status);
    expect(statuses(results)).toEqual(statuses(plain));
  });
});

describe('the permission model in a check worker', () => {
  it('lets learner code write its own folder only, and start no process when no check starts the program', { timeout: TIMEOUT }, async () => {
    const results = await gradeAttack('probe-permissions');
    expect(statuses(results)).toEqual(statuses(plain));
    const output = results.tests[0]!.output ?? '';
    expect(output).toContain('start a process: ERR_ACCESS_DENIED');
    expect(output).toContain('write outside the graded folder: ERR_ACCESS_DENIED');
    expect(output).toContain('write inside it: allowed');
  });
});
