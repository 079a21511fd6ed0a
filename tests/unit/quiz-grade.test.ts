import { describe, expect, it } from 'vitest';
import { gradeQuizAnswer } from '../../src/components/quiz-grade.ts';
import { inlineText } from '../../src/components/inline-text.ts';

describe('gradeQuizAnswer', () => {
  it('is right only for exactly the correct choices', () => {
    expect(gradeQuizAnswer([false, true, false], [false, true, false]).correct).toBe(true);
    expect(gradeQuizAnswer([false, true, false], [true, false, false]).correct).toBe(false);
    expect(gradeQuizAnswer([true, true], [true, true]).correct).toBe(true);
  });
  it('says how many correct answers are still missing in a multi-select question', () => {
    const v = gradeQuizAnswer([true, true, false], [true, false, false]);
    expect(v.correct).toBe(false);
    expect(v.message).toMatch(/1 more correct answer/);
  });
  it('refuses answers that do not match the question', () => {
    expect(() => gradeQuizAnswer([true], [true, false])).toThrow(/expected 1 choices/);
  });
});

describe('inlineText', () => {
  it('escapes HTML and renders backticks as code', () => {
    expect(inlineText('<b>`a<b`</b> & "q"')).toBe('&#60;b&#62;<code>a&#60;b</code>&#60;/b&#62; &#38; &#34;q&#34;');
  });
});
