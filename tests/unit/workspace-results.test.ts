import { describe, expect, it } from 'vitest';
import type { Results } from '../../src/schemas/results.ts';
import { progressSummary, resultsSummary } from '../../src/workspace/results-view.ts';
import { taskStatuses } from '../../src/workspace/task-status.ts';
import { languageOf } from '../../src/workspace/languages.ts';

const run: Results = {
  version: 1,
  status: 'fail',
  tests: [
    { id: 'a', name: 'drains', task_id: 'drain', status: 'pass' },
    { id: 'b', name: 'exits 0', task_id: 'drain', status: 'fail', message: 'exit code', expected: '0', actual: '1' },
    { id: 'c', name: 'deadline', task_id: 'deadline', status: 'pass' },
    { id: 'd', name: 'times out', task_id: 'slow', status: 'error', message: 'timed out' },
  ],
};

describe('taskStatuses', () => {
  it('passes a task only when all its checks pass; a task without checks stays unchecked', () => {
    expect(Object.fromEntries(taskStatuses(run, ['drain', 'deadline', 'slow', 'other']))).toEqual({
      drain: 'fail',
      deadline: 'pass',
      slow: 'fail',
      other: 'unchecked',
    });
  });
  it('fails every task when the code could not be loaded', () => {
    const error: Results = { version: 1, status: 'error', message: 'server.js:3: SyntaxError', tests: [] };
    expect(Object.fromEntries(taskStatuses(error, ['drain']))).toEqual({ drain: 'fail' });
  });
});

describe('resultsSummary', () => {
  it('counts passes, failures and errors', () => {
    expect(resultsSummary(run)).toBe('2 of 4 checks pass, 1 failed, 1 had an error.');
    expect(resultsSummary({ version: 1, status: 'pass', tests: [run.tests[0]!] })).toBe('The check passes.');
  });
  it('says a run-level error plainly, never an empty sentence', () => {
    expect(resultsSummary({ version: 1, status: 'error', message: 'server.js:3: Unexpected token', tests: [] })).toBe('The checks could not run: server.js:3: Unexpected token');
    expect(resultsSummary({ version: 1, status: 'error', message: 'the 20 s budget ran out', tests: [run.tests[0]!] })).toBe('Grading stopped early: the 20 s budget ran out');
    expect(resultsSummary({ version: 1, status: 'error', tests: [] })).toBe('The checks could not run: the grader gave no reason');
  });
});

describe('languageOf', () => {
  it('maps file names to editor languages', () => {
    expect(['a.js', 'b.mjs', 'c.ts', 'package.json', 'x.html', 'Dockerfile'].map(languageOf)).toEqual(['javascript', 'javascript', 'typescript', 'json', 'html', 'plaintext']);
  });
});

describe('progressSummary', () => {
  it('counts the verdicts that have landed out of every check while a Check runs', () => {
    expect(progressSummary(0, [])).toBe('Checking your code…');
    expect(progressSummary(4, [])).toBe('Checking your code… 0 of 4 checks done: 0 passed.');
    expect(progressSummary(4, run.tests.slice(0, 2))).toBe('Checking your code… 2 of 4 checks done: 1 passed, 1 failed.');
    expect(progressSummary(4, run.tests)).toBe('Checking your code… 4 of 4 checks done: 2 passed, 1 failed, 1 had an error.');
  });
});
