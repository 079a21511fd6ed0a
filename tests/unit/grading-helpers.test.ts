/** The harness's building blocks that need no child process: caps, the worker protocol, assertions, clock, randomness, reports. */
import { afterEach, describe, expect, it } from 'vitest';
import { createAssertions } from '../../src/grading/assertions.ts';
import { CheckFailure } from '../../src/grading/errors.ts';
import { installFakeClock } from '../../src/grading/fake-clock.ts';
import { sourceExcerpt, summarizeNodeError } from '../../src/grading/node-errors.ts';
import { OutputCap } from '../../src/grading/output-cap.ts';
import { seededRandom } from '../../src/grading/random.ts';
import { summaryLine, testLines } from '../../src/grading/report.ts';
import { encodeMessage, MessageReader, type WorkerMessage } from '../../src/grading/worker-protocol.ts';
import { resultsSchema, type Results } from '../../src/schemas/results.ts';
import { wrongVariantSchema } from '../../src/schemas/wrong-variant.ts';

describe('OutputCap', () => {
  it('keeps everything under the limit', () => {
    const cap = new OutputCap(100);
    cap.write('hello\n');
    cap.write(Buffer.from('world\n'));
    expect(cap.text()).toBe('hello\nworld\n');
    expect(cap.truncated).toBe(false);
  });

  it('keeps the start and the end of a flood within the limit and says how much is missing', () => {
    const cap = new OutputCap(4096);
    cap.write('BEGIN\n');
    for (let i = 0; i < 10_000; i++) cap.write('spam spam spam\n');
    cap.write('END\n');
    const text = cap.text();
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(4096);
    expect(text.startsWith('BEGIN\n')).toBe(true);
    expect(text.endsWith('END\n')).toBe(true);
    expect(text).toMatch(/… \d+ bytes of output not shown …/);
    expect(cap.bytes).toBe(6 + 10_000 * 15 + 4);
  });

  it('caps one huge line without a newline', () => {
    const cap = new OutputCap(1000);
    cap.write('x'.repeat(5_000_000));
    expect(Buffer.byteLength(cap.text())).toBeLessThanOrEqual(1000);
    expect(cap.text()).toContain('bytes of output not shown');
  });
});

describe('MessageReader', () => {
  const collect = (nonce: string) => {
    const messages: WorkerMessage[] = [];
    let output = '';
    const reader = new MessageReader(nonce, (m) => messages.push(m), (text) => (output += text));
    return { reader, messages, output: () => output };
  };

  it('separates messages from output, across chunk boundaries', () => {
    const { reader, messages, output } = collect('n1');
    const line = encodeMessage('n1', { type: 'step', text: 'Importing lib.js', loading: true });
    reader.push(`hello\n${line.slice(0, 5)}`);
    reader.push(`${line.slice(5)}bye`);
    reader.end();
    expect(messages).toEqual([{ type: 'step', text: 'Importing lib.js', loading: true }]);
    expect(output()).toBe('hello\nbye');
  });

  it('treats a message with the wrong nonce as output (learner code cannot forge a verdict)', () => {
    const { reader, messages, output } = collect('secret');
    const forged = encodeMessage('guess', { type: 'result', outcome: { status: 'pass' } });
    reader.push(forged);
    expect(messages).toEqual([]);
    expect(output()).toBe(forged);
  });

  it('passes a huge line on as output instead of holding it', () => {
    const { reader, output } = collect('n');
    reader.push('y'.repeat(300 * 1024));
    expect(output().length).toBe(300 * 1024);
  });
});

describe('assertions', () => {
  const assert = createAssertions();
  const failure = (fn: () => void): CheckFailure => {
    try {
      fn();
    } catch (error) {
      if (error instanceof CheckFailure) return error;
      throw error;
    }
    throw new Error('expected a CheckFailure');
  };

  it('equal compares deeply and fills expected/actual as code would write them', () => {
    expect(() => assert.equal({ a: [1, 2] }, { a: [1, 2] }, 'x')).not.toThrow();
    const f = failure(() => assert.equal('5', 5, 'body of GET /sum'));
    expect(f.message).toBe("body of GET /sum: expected 5, got '5'");
    expect(f.expected).toBe('5');
    expect(f.actual).toBe("'5'");
  });

  it('ok and fail keep text details as written', () => {
    const f = failure(() => assert.ok(false, 'The server kept accepting connections', { expected: 'connection refused', actual: 'HTTP 200' }));
    expect(f).toMatchObject({ message: 'The server kept accepting connections', expected: 'connection refused', actual: 'HTTP 200' });
    expect(failure(() => assert.fail('nope')).expected).toBeUndefined();
  });

  it('match and notEqual', () => {
    expect(() => assert.match('listening on 3000', /listening/, 'output')).not.toThrow();
    expect(failure(() => assert.match('crashed', /listening/, 'output')).expected).toBe('/listening/');
    expect(failure(() => assert.notEqual(1, 1, 'count')).message).toBe('count: expected anything but 1');
  });
});

describe('fake clock', () => {
  let uninstall: (() => void) | undefined;
  afterEach(() => uninstall?.());

  it('fires timers in time order as time is advanced, and fakes Date', async () => {
    const clock = installFakeClock(1_000_000);
    uninstall = clock.uninstall;
    const fired: string[] = [];
    setTimeout(() => fired.push('b@200'), 200);
    setTimeout(() => fired.push('a@100'), 100);
    const every = setInterval(() => fired.push(`tick@${Date.now() - 1_000_000}`), 150);
    await clock.tick(100);
    expect(fired).toEqual(['a@100']);
    await clock.tick(250);
    expect(fired).toEqual(['a@100', 'tick@150', 'b@200', 'tick@300']);
    expect(Date.now()).toBe(1_000_350);
    expect(new Date().getTime()).toBe(1_000_350);
    expect(new Date(5).getTime()).toBe(5);
    clearInterval(every);
    await clock.runAll();
    expect(fired).toHaveLength(4);
  });

  it('lets promise callbacks run between timers', async () => {
    const clock = installFakeClock(0);
    uninstall = clock.uninstall;
    const order: string[] = [];
    setTimeout(() => void Promise.resolve().then(() => setTimeout(() => order.push('chained'), 10)), 10);
    await clock.tick(20);
    expect(order).toEqual(['chained']);
  });

  it('runAll stops an interval that re-arms forever', async () => {
    const clock = installFakeClock(0);
    uninstall = clock.uninstall;
    setInterval(() => {}, 1);
    await expect(clock.runAll(50)).rejects.toThrow(/more than 50 timers/);
  });

  it('uninstall puts the real timers and Date back', () => {
    const real = { setTimeout, Date };
    const clock = installFakeClock(0);
    expect(globalThis.setTimeout).not.toBe(real.setTimeout);
    clock.uninstall();
    expect(globalThis.setTimeout).toBe(real.setTimeout);
    expect(globalThis.Date).toBe(real.Date);
  });
});

describe('seededRandom', () => {
  it('repeats for a seed, differs between seeds, stays in [0, 1)', () => {
    const a = Array.from({ length: 5 }, seededRandom(42));
    const again = Array.from({ length: 5 }, seededRandom(42));
    const other = Array.from({ length: 5 }, seededRandom(43));
    expect(a).toEqual(again);
    expect(a).not.toEqual(other);
    expect(Array.from({ length: 1000 }, seededRandom(7)).every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('Node error summaries', () => {
  const crash = [
    'file:///tmp/g/tree/server.js:3',
    'const port = ;',
    '             ^',
    '',
    "SyntaxError: Unexpected token ';'",
    '    at compileSourceTextModule (node:internal/modules/esm/utils:346:16)',
  ].join('\n');

  it('names the file, the line and the error', () => {
    expect(summarizeNodeError(crash)).toBe("/tmp/g/tree/server.js:3: SyntaxError: Unexpected token ';'");
    expect(sourceExcerpt(crash)).toBe('const port = ;\n             ^');
  });

  it("points at the learner's stack frame when Node's header names something else", () => {
    const output = ['<anonymous_script>:1', '', 'SyntaxError: bad JSON', '    at JSON.parse (<anonymous>)', '    at file:///tmp/g/tree/server.js:3:21'].join('\n');
    expect(summarizeNodeError(output, '/tmp/g/tree')).toBe('/tmp/g/tree/server.js:3: SyntaxError: bad JSON');
    expect(summarizeNodeError('just some output\n')).toBeUndefined();
  });
});

describe('report lines', () => {
  const results: Results = {
    version: 1,
    status: 'fail',
    tests: [
      { id: 'a', name: 'Answers', task_id: 't', status: 'pass' },
      { id: 'b', name: 'Drains', task_id: 't', status: 'fail', message: 'cut off', expected: 'HTTP 200', actual: 'ECONNRESET', hint: 'close()', output: 'listening\n' },
    ],
  };

  it('lists each check with its status as text, and the details of failures', () => {
    const text = [...results.tests.flatMap(testLines), summaryLine(results)].join('\n');
    expect(text).toContain('✓ pass  Answers  [t · a]');
    expect(text).toContain('✗ fail  Drains  [t · b]');
    expect(text).toMatch(/expected: HTTP 200\n\s+actual:   ECONNRESET/);
    expect(text).toContain('hint: close()');
    expect(text).toContain('| listening');
    expect(text).toContain('Result: fail (1 of 2 checks passed)');
  });

  it('says plainly when grading could not finish', () => {
    expect(summaryLine({ version: 1, status: 'error', message: 'server.js:3: SyntaxError', tests: [] })).toContain('Could not finish grading: server.js:3: SyntaxError');
    expect(resultsSchema.safeParse(results).success).toBe(true);
  });
});

describe('wrong variant expect.json', () => {
  it('accepts a list of check ids and refuses empty, repeated or malformed ones', () => {
    expect(wrongVariantSchema.safeParse({ fails: ['exits-by-deadline'] }).success).toBe(true);
    expect(wrongVariantSchema.safeParse({ fails: [] }).success).toBe(false);
    expect(wrongVariantSchema.safeParse({ fails: ['a', 'a'] }).success).toBe(false);
    expect(wrongVariantSchema.safeParse({ fails: ['Not An Id'] }).success).toBe(false);
    expect(wrongVariantSchema.safeParse({ fails: ['a'], extra: 1 }).success).toBe(false);
  });
});
