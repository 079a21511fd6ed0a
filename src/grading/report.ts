/** The results as a readable report for a terminal: a block per check's verdict (printed as each lands), then a closing line. */
import type { Results, TestResult } from '../schemas/results.ts';

const MARK: Record<TestResult['status'], string> = { pass: '✓ pass ', fail: '✗ fail ', error: '! error' };

function indent(text: string, prefix: string): string[] {
  return text.replace(/\n$/, '').split('\n').map((line) => `${prefix}${line}`);
}

/** One check's verdict as report lines. */
export function testLines(test: TestResult): string[] {
  const lines = [`${MARK[test.status]} ${test.name}  [${test.task_id} · ${test.id}]`];
  if (test.status === 'pass') return lines;
  const pad = '          ';
  if (test.message) lines.push(...indent(test.message, pad));
  if (test.expected !== undefined) lines.push(...indent(test.expected, `${pad}expected: `));
  if (test.actual !== undefined) lines.push(...indent(test.actual, `${pad}actual:   `));
  if (test.hint) lines.push(`${pad}hint: ${test.hint}`);
  if (test.output) lines.push(`${pad}output:`, ...indent(test.output, `${pad}  | `));
  return lines;
}

/** The closing line: the run's status, or why it could not finish. */
export function summaryLine(results: Results): string {
  if (results.status === 'error') return `Could not finish grading: ${results.message ?? 'unknown error'}`;
  const passed = results.tests.filter((t) => t.status === 'pass').length;
  return `Result: ${results.status} (${passed} of ${results.tests.length} checks passed)`;
}

