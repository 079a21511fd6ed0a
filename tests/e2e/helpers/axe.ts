/** Scanning a page with axe-core: what counts as a failure here, and a list of failures a person can act on. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/**
 * axe rates these two moderate; they fail here anyway: a heading level skipped, or two landmarks of one kind with one
 * name, leave a screen reader's user lost on pages built to be read by headings and landmarks.
 */
const alwaysFailing = new Set(['heading-order', 'landmark-unique']);

/**
 * The violations on `page` that fail the suite, one line each (rule, impact, what to fix, where). The preview frame
 * shows the learner's own program, which is theirs to make accessible, so it is left out.
 */
export async function axeFailures(page: Page, label: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).exclude('[data-preview-frame]').analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || alwaysFailing.has(v.id))
    .map((v) => `${label}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.length} element(s), e.g. ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}
