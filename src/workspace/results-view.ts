/**
 * The Results region: one list item per check with its name, status as text and icon, message, expected/actual (a
 * line diff when both span lines), output (collapsed) and hint (on request). While a Check runs, every check is
 * listed as pending, then running, then with its verdict as it lands. A run-level error is said in a sentence above the list; the panel is never empty.
 */
import type { CheckProgress, OnCheckProgress, PlannedCheck } from '../schemas/check-progress.ts';
import type { Results, ResultStatus, TestResult } from '../schemas/results.ts';
import { lineDiff, type DiffLine } from './line-diff.ts';

/** A check's state in the list: waiting its turn, running, or its verdict. */
type CheckState = ResultStatus | 'pending' | 'running';

const statusText: Record<CheckState, string> = { pass: 'Passed', fail: 'Failed', error: 'Error', pending: 'Pending', running: 'Running' };
const statusIcon: Record<CheckState, string> = { pass: '✓', fail: '✗', error: '!', pending: '·', running: '…' };

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

/** A list item with the check's state and name; `testItem` adds a verdict's details. */
function checkItem(doc: Document, check: Pick<TestResult, 'id' | 'name'>, state: CheckState): HTMLLIElement {
  const item = el(doc, 'li', { className: `ws-result ws-result-${state}` });
  item.dataset.check = check.id;
  item.dataset.state = state;
  const head = el(doc, 'p', { className: 'ws-result-head' });
  const icon = el(doc, 'span', { className: 'ws-result-icon', text: statusIcon[state] });
  icon.setAttribute('aria-hidden', 'true');
  head.append(icon, el(doc, 'span', { className: 'ws-result-status', text: statusText[state] }), ' ', el(doc, 'span', { className: 'ws-result-name', text: check.name }));
  item.append(head);
  return item;
}

const diffSign: Record<DiffLine['kind'], string> = { same: ' ', expected: '-', actual: '+' };
const diffSaid: Record<DiffLine['kind'], string> = { same: '', expected: 'expected: ', actual: 'actual: ' };

/** Multi-line expected and actual values, line by line: each line only one of them has is marked by sign and in words. */
function lineDiffView(doc: Document, lines: readonly DiffLine[]): HTMLElement {
  const legend = el(doc, 'p', { className: 'ws-diff-legend' }, el(doc, 'span', { className: 'ws-diff-expected', text: '- Expected' }), el(doc, 'span', { className: 'ws-diff-actual', text: '+ Actual' }));
  const pre = el(
    doc,
    'pre',
    {},
    ...lines.map((line) => {
      const sign = el(doc, 'span', { text: `${diffSign[line.kind]} ` });
      sign.setAttribute('aria-hidden', 'true');
      const said = line.kind === 'same' ? [] : [el(doc, 'span', { className: 'visually-hidden', text: diffSaid[line.kind] })];
      const row = el(doc, 'span', { className: `ws-diff-line ws-diff-${line.kind}` }, sign, ...said, doc.createTextNode(`${line.text}\n`));
      row.dataset.diff = line.kind;
      return row;
    }),
  );
  return el(doc, 'div', { className: 'ws-result-linediff' }, legend, pre);
}

function testItem(doc: Document, test: TestResult): HTMLLIElement {
  const item = checkItem(doc, test, test.status);
  if (test.message) item.append(el(doc, 'p', { className: 'ws-result-message', text: test.message }));
  const lines = lineDiff(test.expected, test.actual);
  if (lines) item.append(lineDiffView(doc, lines));
  else if (test.expected !== undefined || test.actual !== undefined) {
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

/** The summary line while a Check runs, from the verdicts that have landed so far. */
export function progressSummary(total: number, verdicts: readonly TestResult[]): string {
  if (total === 0) return 'Checking your code…';
  const count = (s: ResultStatus) => verdicts.filter((t) => t.status === s).length;
  const parts = [`${count('pass')} passed`];
  if (count('fail')) parts.push(`${count('fail')} failed`);
  if (count('error')) parts.push(`${count('error')} had an error`);
  return `Checking your code… ${verdicts.length} of ${total} checks done: ${parts.join(', ')}.`;
}

/**
 * Starts showing a Check: the summary says it runs, and the returned listener shows its progress as it arrives
 * (until `renderResults` shows the final results). The first check that does not pass is scrolled into view.
 */
export function renderChecking(region: ResultsRegion): OnCheckProgress {
  const doc = region.region.ownerDocument;
  region.region.setAttribute('aria-busy', 'true');
  region.summary.textContent = progressSummary(0, []);
  region.summary.className = 'ws-results-summary';
  let total = 0;
  const verdicts: TestResult[] = [];
  const planned = new Map<string, PlannedCheck>();
  const replace = (id: string, item: HTMLLIElement) => [...region.list.children].find((li) => (li as HTMLElement).dataset.check === id)?.replaceWith(item);
  return (event: CheckProgress) => {
    if (event.type === 'checks') {
      total = event.checks.length;
      for (const check of event.checks) planned.set(check.id, check);
      region.list.replaceChildren(...event.checks.map((check) => checkItem(doc, check, 'pending')));
    } else if (event.type === 'running') {
      const check = planned.get(event.id);
      if (check) replace(event.id, checkItem(doc, check, 'running'));
    } else {
      const item = testItem(doc, event.test);
      replace(event.test.id, item);
      // The first verdict comes into view as it lands (the list may have grown below the fold), and so does the
      // first check that does not pass.
      const firstFailure = event.test.status !== 'pass' && verdicts.every((t) => t.status === 'pass');
      if (verdicts.length === 0 || firstFailure) item.scrollIntoView({ block: 'nearest' });
      verdicts.push(event.test);
    }
    region.summary.textContent = progressSummary(total, verdicts);
  };
}
