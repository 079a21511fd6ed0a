import { describe, expect, it } from 'vitest';
import { problemLines } from '../../scripts/bench/build-site.ts';

describe('problemLines', () => {
  it('starts at the first error and leaves out stack frames', () => {
    const output = [
      '17:27:20 [build] Building static entrypoints...',
      '17:27:23 [ERROR] [build] Caught error rendering /grading/harness.json: no bundled harness',
      '  Stack trace:',
      '    at harnessPayload (file:///tmp/x.mjs:30:61)',
      '    at async renderEndpoint (file:///tmp/y.mjs:162:17)',
      'Found 1 problem',
    ].join('\n');
    expect(problemLines(output)).toBe(
      ['17:27:23 [ERROR] [build] Caught error rendering /grading/harness.json: no bundled harness', '  Stack trace:', 'Found 1 problem'].join('\n'),
    );
  });
  it('falls back to the last lines when nothing says error', () => {
    const output = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    expect(problemLines(output, 3)).toBe('line 17\nline 18\nline 19');
  });
});
