/**
 * The Results region: one list item per check with its name, status as text and icon, message, expected/actual,
 * output (collapsed) and hint (on request). A run-level error is said in a sentence above the list; the panel is
 * never empty.
 */
import type { Results, ResultStatus, TestResult } from '../schemas/results.ts';

export const statusText: Record<ResultStatus, string> = { pass: 'Passed', fail: 'Failed', error: 'Error' };
const statusIcon: Record<ResultStatus, string> = { pass: '✓', fail: '✗', error: '!' };

/** One sentence summing up a check run. */
export function resultsSummary(results: Results): string {
  const count = (s: ResultStatus) => results.tests.filter((t) => t.status === s).length;
  const total = results.tests.length;
  if (results.status === 'error') {
    const reason = results.message ?? 'the grader gave no reason';
    return total === 0 ? `The checks could not run: ${reason}` : `Grading stopped early: ${reason}`;
  }
  if (total === 0) return 'This exercise has no checks.';
  if (count('pass') === total) return total === 1 ? 'The check passes.' : `All ${total} checks pass.`;
  const parts = [`${count('pass')} of ${total} checks pass`];
  if (count('fail')) parts.push(`${count('fail')} failed`);
  if (count('error')) parts.push(`${count('error')} had an error`);
  return `${parts.join(', ')}.`;
}

function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, props: { className?: string; text?: string } = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  node.append(...children);
  return node;
}

function testItem(doc: Document, test: TestResult): HTMLLIElement {
  const item = el(doc, 'li', { className: `ws-result ws-result-${test.status}` });
  item.dataset.check = test.id;
  const head = el(doc, 'p', { className: 'ws-result-head' });
  const icon = el(doc, 'span', { className: 'ws-result-icon', text: statusIcon[test.status] });
  icon.setAttribute('aria-hidden', 'true');
  head.append(icon, el(doc, 'span', { className: 'ws-result-status', text: statusText[test.status] }), ' ', el(doc, 'span', { className: 'ws-result-name', text: test.name }));
  item.append(head);
  if (test.message) item.append(el(doc, 'p', { className: 'ws-result-message', text: test.message }));
  if (test.expected !== undefined || test.actual !== undefined) {
    const diff = el(doc, 'dl', { className: 'ws-result-diff' });
    if (test.expected !== undefined) diff.append(el(doc, 'dt', { text: 'Expected' }), el(doc, 'dd', {}, el(doc, 'pre', { text: test.expected })));
    if (test.actual !== undefined) diff.append(el(doc, 'dt', { text: 'Actual' }), el(doc, 'dd', {}, el(doc, 'pre', { text: test.actual })));
    item.append(diff);
  }
  if (test.output) item.append(el(doc, 'details', {}, el(doc, 'summary', { text: 'Output' }), el(doc, 'pre', { text: test.output })));
  if (test.hint && test.status !== 'pass') item.append(el(doc, 'details', { className: 'ws-result-hint' }, el(doc, 'summary', { text: 'Show a hint' }), el(doc, 'p', { text: test.hint })));
  return item;
}

export interface ResultsRegion {
  summary: HTMLElement;
  list: HTMLOListElement;
  region: HTMLElement;
}

/**
 * Shows `results`. `completed` (every check has passed at some point) adds the completion state; `justCompleted`
 * marks the first all-pass, which is announced more warmly.
 */
export function renderResults(region: ResultsRegion, results: Results, state: { completed: boolean; justCompleted: boolean; checkedAt?: number }): void {
  const doc = region.region.ownerDocument;
  region.region.setAttribute('aria-busy', 'false');
  region.region.dataset.status = results.status;
  region.summary.textContent = resultsSummary(results);
  region.summary.className = `ws-results-summary ws-results-${results.status}`;
  region.list.replaceChildren(...results.tests.map((test) => testItem(doc, test)));
  region.region.querySelector('[data-complete]')?.remove();
  if (state.completed) {
    const done = el(doc, 'p', {
      className: 'ws-complete',
      text: state.justCompleted ? '🎉 Exercise complete: every check passes. Well done!' : '✓ Exercise complete: every check has passed.',
    });
    done.dataset.complete = '';
    region.summary.before(done);
  }
}

export function renderChecking(region: ResultsRegion): void {
  region.region.setAttribute('aria-busy', 'true');
  region.summary.textContent = 'Checking your code…';
  region.summary.className = 'ws-results-summary';
}
