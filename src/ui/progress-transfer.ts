/**
 * Export and import on the progress page. Export downloads everything in the store as one JSON file. Import reads a
 * file, refuses it with one message when it is not a valid archlab progress file (nothing changes), and otherwise
 * shows in a dialog what it would replace; only "Replace my progress" replaces, in one transaction. The format's
 * schema (and zod with it) loads on the first export or import, not with the page.
 */
import { pageStore } from '../progress/page-store.ts';
import { showProgress } from './show-progress.ts';
import { showReviewStats } from './review-stats.ts';
import type { ProgressSnapshot } from '../progress/store.ts';
import type { ImportPlan, PreparedImport } from '../progress/transfer.ts';

/** Far above any real learner's progress; stops a wrong pick (a video, a disk image) from being read into memory. */
const MAX_FILE_BYTES = 50 * 1024 * 1024;

function q<T extends Element>(doc: Document, selector: string): T {
  const node = doc.querySelector<T>(selector);
  if (!node) throw new Error(`the progress page has no ${selector}`);
  return node;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function describe(s: ProgressSnapshot): string {
  return `${plural(s.edits.length, "exercise's edits", "exercises' edits")}, ${plural(s.results.length, 'check result', 'check results')}, ${plural(s.quizAnswers.length, 'quiz answer', 'quiz answers')} and ${plural(s.review.cards.length, 'scheduled review item', 'scheduled review items')}`;
}

export function setUpTransfer(doc: Document): void {
  const status = q<HTMLElement>(doc, '[data-transfer-status]');
  const problem = q<HTMLElement>(doc, '[data-transfer-error]');
  const input = q<HTMLInputElement>(doc, '[data-import]');
  const dialog = q<HTMLDialogElement>(doc, '[data-import-dialog]');
  let pending: Extract<PreparedImport, { ok: true }> | undefined;

  const say = (text: string) => {
    problem.textContent = '';
    status.textContent = text;
  };
  const refuse = (text: string) => {
    status.textContent = '';
    problem.textContent = text;
  };
  /** The title the page shows for an exercise, else its id. */
  const exerciseName = (id: string) =>
    doc.querySelector(`[data-exercise="${CSS.escape(id)}"] a`)?.textContent?.trim() || id;

  q<HTMLButtonElement>(doc, '[data-export]').addEventListener('click', async () => {
    try {
      const [{ exportProgress }, store] = await Promise.all([import('../progress/transfer.ts'), pageStore()]);
      const { name, json, snapshot } = await exportProgress(store);
      const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
      Object.assign(doc.createElement('a'), { href: url, download: name }).click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      say(`Exported ${describe(snapshot)} as ${name}.`);
    } catch (error) {
      refuse(`Export failed: ${(error as Error).message}`);
    }
  });

  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    // Cleared so that choosing the same file again is noticed.
    input.value = '';
    if (!file) return;
    try {
      if (file.size > MAX_FILE_BYTES) {
        refuse(`${file.name} was not imported: it is ${(file.size / 1024 / 1024).toFixed(0)} MB, far larger than any archlab progress file. Nothing was changed.`);
        return;
      }
      const [{ prepareImport }, store, text] = await Promise.all([import('../progress/transfer.ts'), pageStore(), file.text()]);
      const prepared = await prepareImport(store, text);
      if (!prepared.ok) {
        refuse(`${file.name} was not imported. ${prepared.message} Nothing was changed.`);
        return;
      }
      pending = prepared;
      showPlan(prepared.plan, file.name, prepared.exportedAt);
      say('');
      // Escape closes without setting it, so a "replace" left from an earlier import must not linger.
      dialog.returnValue = '';
      dialog.showModal();
    } catch (error) {
      refuse(`${file.name} could not be read: ${(error as Error).message}. Nothing was changed.`);
    }
  });

  dialog.addEventListener('close', async () => {
    const confirmed = pending;
    pending = undefined;
    if (dialog.returnValue !== 'replace' || !confirmed) {
      say('Import cancelled; nothing was changed.');
      return;
    }
    try {
      await confirmed.apply();
      say(`Imported ${describe(confirmed.snapshot)}. Your earlier progress in this browser was replaced.`);
      await showProgress(doc);
      await showReviewStats(doc, await pageStore());
    } catch (error) {
      refuse(`The import failed and nothing was changed: ${(error as Error).message}`);
    }
  });

  function showPlan(plan: ImportPlan, fileName: string, exportedAt: string): void {
    q<HTMLElement>(doc, '[data-import-source]').textContent = `${fileName}, exported ${new Date(exportedAt).toLocaleString()}.`;
    q<HTMLElement>(doc, '[data-import-counts]').replaceChildren(
      ...plan.counts.map(({ label, here, inFile }) => {
        const row = doc.createElement('tr');
        const th = Object.assign(doc.createElement('th'), { scope: 'row', textContent: label });
        row.append(th, ...[here, inFile].map((n) => Object.assign(doc.createElement('td'), { textContent: String(n) })));
        return row;
      }),
    );
    const groups: Array<[string, string[]]> = [
      ['Your edits will be replaced by the file’s for', plan.edits.changed],
      ['Your edits will be removed (not in the file) for', plan.edits.removed],
      ['Edits will be added from the file for', plan.edits.added],
    ];
    const shown = groups.filter(([, ids]) => ids.length > 0);
    q<HTMLElement>(doc, '[data-import-edits]').replaceChildren(
      ...(shown.length === 0
        ? [Object.assign(doc.createElement('p'), { textContent: 'No exercise’s edits differ between this browser and the file.' })]
        : shown.flatMap(([heading, ids]) => [
            Object.assign(doc.createElement('p'), { textContent: `${heading}:` }),
            list(ids),
          ])),
    );
  }

  function list(ids: string[]): HTMLUListElement {
    const ul = doc.createElement('ul');
    ul.append(...ids.map((id) => Object.assign(doc.createElement('li'), { textContent: `${exerciseName(id)} (${id})` })));
    return ul;
  }

  q<HTMLElement>(doc, '[data-transfer]').hidden = false;
}
