/** `vendor()` rebuilds the harness bundle only when a file it was built from is newer than the bundle. */
import { stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vendor, vendorDir } from '../../scripts/vendor.ts';

const bundle = join(vendorDir, 'grading', 'grade.js');
const inputs = join(vendorDir, 'grading.inputs.json');
const builtAt = async () => (await stat(bundle)).mtimeMs;

describe('vendor', () => {
  it('keeps a bundle newer than its sources, and rebuilds one that is older', { timeout: 60_000 }, async () => {
    await vendor();
    const first = await builtAt();
    await vendor();
    expect(await builtAt()).toBe(first);
    // As if a source had changed since: the record of the last build is older than every source.
    const past = new Date('2000-01-01T00:00:00Z');
    await utimes(inputs, past, past);
    await vendor();
    expect(await builtAt()).toBeGreaterThan(first);
  });
});
