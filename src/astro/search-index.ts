/**
 * The search index, written by `npm run build` into `dist/pagefind/`: Pagefind reads the built lesson and exercise
 * pages (only what they mark `data-pagefind-body`; drafts have no built page) and adds each flashcard and quiz
 * question from `review/items.json` as a record of its own.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as pagefind from 'pagefind';
import type { ReviewItemsFile } from '../review/items.ts';
import { REVIEW_ITEMS_URL } from '../review/items.ts';
import { itemRecords } from '../search/item-records.ts';

function fail(step: string, errors: readonly string[]): never {
  throw new Error(`search index: ${step} failed: ${errors.join('; ')}`);
}

export async function writeSearchIndex(dist: string): Promise<{ pages: number; items: number }> {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) fail('starting Pagefind', errors);
  try {
    const added = await index.addDirectory({ path: dist });
    if (added.errors.length) fail(`indexing ${dist}`, added.errors);
    const file = JSON.parse(await readFile(join(dist, REVIEW_ITEMS_URL), 'utf8')) as ReviewItemsFile;
    const records = itemRecords(file);
    for (const record of records) {
      const result = await index.addCustomRecord(record);
      if (result.errors.length) fail(`adding ${record.url}`, result.errors);
    }
    const written = await index.writeFiles({ outputPath: join(dist, 'pagefind') });
    if (written.errors.length) fail('writing dist/pagefind', written.errors);
    return { pages: added.page_count, items: records.length };
  } finally {
    await pagefind.close();
  }
}
