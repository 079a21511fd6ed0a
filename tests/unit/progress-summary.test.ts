import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openProgressStore } from '../../src/progress/store.ts';
import { exerciseState, exerciseStateText, lessonProgress, lessonProgressText, loadOverview, positionUrl } from '../../src/progress/summary.ts';
import type { Results } from '../../src/schemas/results.ts';

const results = (statuses: Array<'pass' | 'fail'>): Results => ({
  version: 1,
  status: statuses.every((s) => s === 'pass') ? 'pass' : 'fail',
  tests: statuses.map((status, i) => ({ id: `c${i}`, name: `check ${i}`, task_id: 't', status })),
});

async function overview() {
  const store = await openProgressStore(`summary-${Math.random()}`);
  await store.saveResults('mq/acks', results(['pass', 'pass']));
  await store.saveResults('mq/acks', results(['pass', 'fail'])); // completed stays
  await store.saveResults('mq/retry', results(['pass', 'fail', 'fail']));
  await store.saveEdits({ exerciseId: 'mq/idem', files: {}, starterHash: 'h', savedAt: 1 });
  await store.saveResults('mq/removed-exercise', results(['pass']));
  await store.saveQuizAnswer({ lesson: 'mq', question: 'q1', chosen: [true], correct: true, answeredAt: 1 });
  await store.saveQuizAnswer({ lesson: 'mq', question: 'q2', chosen: [true], correct: false, answeredAt: 1 });
  await store.saveQuizAnswer({ lesson: 'mq', question: 'removed-question', chosen: [true], correct: true, answeredAt: 1 });
  await store.savePosition({ kind: 'exercise', id: 'mq/retry', title: 'Retry', visitedAt: 1 });
  const o = await loadOverview(store);
  store.close();
  return o;
}

describe('progress summary', () => {
  it('gives each exercise a state in words: completed, checks passing, started, or nothing', async () => {
    const o = await overview();
    const text = (id: string) => exerciseStateText(exerciseState(o, id));
    expect(text('mq/acks')).toBe('✓ Completed');
    expect(text('mq/retry')).toBe('In progress: 1 of 3 checks pass');
    expect(text('mq/idem')).toBe('Started, not checked yet');
    expect(text('mq/never')).toBe('');
    expect(exerciseStateText({ kind: 'checked', passing: 0, total: 0 })).toBe('In progress: the last check could not run');
  });

  it('counts only the exercises and questions the lesson has now', async () => {
    const o = await overview();
    const p = lessonProgress(o, 'mq', ['acks', 'retry', 'idem', 'never'], ['q1', 'q2', 'q3']);
    expect(p).toEqual({ exercisesDone: 1, exercisesStarted: 3, exercises: 4, questionsAnswered: 2, questionsCorrect: 1, questions: 3 });
    expect(lessonProgressText(p)).toBe('1 of 4 exercises done · quiz: 1 of 3 correct');
  });

  it('says nothing about an untouched lesson, and only what was tried otherwise', async () => {
    const o = await overview();
    expect(lessonProgressText(lessonProgress(o, 'other', ['a'], ['q1']))).toBe('');
    expect(lessonProgressText(lessonProgress(o, 'mq', ['never'], ['q1']))).toBe('0 of 1 exercise done · quiz: 1 of 1 correct');
    expect(lessonProgressText(lessonProgress(o, 'mq', [], ['q2']))).toBe('quiz: 0 of 1 correct');
  });

  it('links the last position to its page', async () => {
    const o = await overview();
    expect(positionUrl(o.lastPosition!)).toBe('/lessons/mq/retry/');
    expect(positionUrl({ kind: 'lesson', id: 'mq', title: 'MQ', visitedAt: 1 })).toBe('/lessons/mq/');
  });
});
