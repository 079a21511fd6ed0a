/**
 * The graceful-shutdown checks tell mistakes apart: each typical wrong server fails exactly the checks about its
 * mistake. (The solution passing and the starter failing are proven by `npm run verify`.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { grade } from '../../src/grading/grade.ts';
import { vendor } from '../../scripts/vendor.ts';

const exerciseDir = join(import.meta.dirname, '../../sandboxes/dev-vs-production/graceful-shutdown');
const solution = readFileSync(join(exerciseDir, 'solution/server.js'), 'utf8');

function variant(from: string | RegExp, to: string): Record<string, string> {
  const changed = solution.replace(from, to);
  expect(changed).not.toBe(solution);
  return { 'server.js': changed };
}

async function failing(learnerFiles: Record<string, string>) {
  const results = await grade({ exerciseDir, learnerFiles });
  expect(results.status).toBe('fail');
  return Object.fromEntries(results.tests.filter((t) => t.status !== 'pass').map((t) => [t.id, t.message]));
}

beforeAll(() => vendor());

describe('graceful-shutdown checks', () => {
  it('closing every connection at SIGTERM fails the checks about requests in progress and the deadline', { timeout: 60_000 }, async () => {
    const fails = await failing(variant('  server.close(() => {', '  server.closeAllConnections();\n  server.close(() => {'));
    expect(Object.keys(fails)).toEqual(['in-flight-request-finishes', 'exits-by-deadline', 'deadline-spares-quick-requests']);
    expect(fails['in-flight-request-finishes']).toBe(
      'The request in progress was cut off: GET /slow?ms=500: the connection was closed before a response arrived',
    );
    expect(fails['exits-by-deadline']).toMatch(/^The server exited \d+ ms after SIGTERM, long before the 500 ms deadline/);
  });

  it('waiting without server.close() fails only the check that new connections are refused', { timeout: 60_000 }, async () => {
    const fails = await failing(variant(/  server\.close\(\(\) => \{[\s\S]*?\}\);\n/, '  setTimeout(() => process.exit(0), 1000);\n'));
    expect(fails).toEqual({
      'refuses-new-connections': 'Requests sent up to 300 ms after SIGTERM were still answered: the server kept accepting connections',
    });
  });
});
