/** The results object as a readable report for a terminal. */
import type { Results, TestResult } from '../schemas/results.ts';

const MARK: Record<TestResult['status'], string> = { pass: '✓ pass ', fail: '✗ fail ', error: '! error' };

function indent(text: string, prefix: string): string[] {
  return text.replace(/\n$/, '').split('\n').map((line) => `${prefix}${line}`);
}

function testLines(test: TestResult): string[] {
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

export function formatReport(results: Results, title?: string): string {
  const passed = results.tests.filter((t) => t.status === 'pass').length;
  const lines = title ? [title, ''] : [];
  for (const test of results.tests) lines.push(...testLines(test));
  if (results.tests.length) lines.push('');
  if (results.status === 'error') lines.push(`Could not finish grading: ${results.message ?? 'unknown error'}`);
  else lines.push(`Result: ${results.status} (${passed} of ${results.tests.length} checks passed)`);
  return lines.join('\n');
}
