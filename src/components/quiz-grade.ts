export interface QuizVerdict {
  correct: boolean;
  message: string;
}

/** Right only when exactly the correct choices are chosen; otherwise says what kind of miss it was. */
export function gradeQuizAnswer(correct: readonly boolean[], chosen: readonly boolean[]): QuizVerdict {
  if (correct.length !== chosen.length) throw new Error(`expected ${correct.length} choices, got ${chosen.length}`);
  const wrongPicks = chosen.filter((c, i) => c && !correct[i]).length;
  const missed = correct.filter((c, i) => c && !chosen[i]).length;
  if (!wrongPicks && !missed) return { correct: true, message: 'Correct.' };
  if (!wrongPicks) return { correct: false, message: `Not quite: ${missed} more correct ${missed === 1 ? 'answer' : 'answers'} to find.` };
  return { correct: false, message: 'Not quite. The marked answers show why.' };
}
