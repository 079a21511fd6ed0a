/**
 * A runner session keeps the next Check's grading run begun (src/grading/head-start.ts): a worker waits from the
 * moment the session opens, Check uses it and begins the next, and ending the session ends the one left waiting.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findMarked } from '../../src/process/marker.ts';
import { DEFAULT_LIMITS } from '../../src/runner/index.ts';
import { Session, type SessionHost } from '../../src/runner/session.ts';
import { fixturesRoot } from './runner-harness.ts';

const host: SessionHost = { send: () => {}, backlog: () => 0, previewUrl: () => 'http://unused', touch: () => {} };
const waiting = (run: number) => findMarked((marker) => marker.startsWith(`${process.pid}:sandbox:`) && marker.endsWith(`:grade-${run}:check-0`));

/** Resolves once `find` returns something (50 ms apart, at most 10 s): the worker starts in the background. */
async function eventually<T>(find: () => Promise<T[]>): Promise<T[]> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const found = await find();
    if (found.length) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return find();
}

let session: Session | undefined;
afterEach(() => session?.end());

describe('the next Check, begun ahead', () => {
  it('has a worker waiting from the start, used by Check, which begins the next; end() ends it', { timeout: 60_000 }, async () => {
    ({ session } = await Session.open(fixturesRoot, 'runner-fixtures/graded', DEFAULT_LIMITS, host));
    expect(await eventually(() => waiting(1))).not.toEqual([]);
    const solution = await readFile(path.join(fixturesRoot, 'sandboxes/runner-fixtures/graded/solution/answer.js'), 'utf8');
    const results = await session.grade({ 'answer.js': solution });
    expect(results.status).toBe('pass');
    expect(await waiting(1)).toEqual([]);
    expect(await eventually(() => waiting(2))).not.toEqual([]);
    await session.end();
    expect(await waiting(2)).toEqual([]);
  });
});
