import { describe, expect, it } from 'vitest';
import { MessageLog } from '../../scripts/bench/message-log.ts';
import { collapseWhitespace, firstLine, promptAtEnd, stripAnsi } from '../../scripts/bench/terminal-text.ts';

describe('terminal text', () => {
  it('strips colours, cursor moves, titles and charset switches', () => {
    expect(stripAnsi('\x1b[1;36mwork\x1b[0m \x1b[?2004h$ \x1b]0;title\x07\x1b(Bok')).toBe('work $ ok');
  });
  it('collapses whitespace including no-break spaces', () => {
    expect(collapseWhitespace('  a\u00a0\u00a0b\n c ')).toBe('a b c');
  });
  it('finds the prompt the output ends with, and none mid-line', () => {
    expect(promptAtEnd('\x1b[?2004h\x1b[1;36mgreeting\x1b[0m $ ')).toBe('greeting $');
    expect(promptAtEnd('welcome\r\nwork # ')).toBe('work #');
    expect(promptAtEnd('work $ ls\r\nserver.js')).toBeNull();
    expect(promptAtEnd('')).toBeNull();
  });
  it('takes the first non-blank line, short enough not to wrap', () => {
    expect(firstLine('\r\n\x1b[32mlistening on http://localhost:41234\x1b[0m\r\n')).toBe('listening on http://localhost:');
    expect(firstLine('ok\n', 30)).toBe('ok');
    expect(firstLine('\r\n  \r\n')).toBeNull();
  });
});

describe('MessageLog', () => {
  it('finds a message that arrived before the wait, or waits for one', async () => {
    const log = new MessageLog<number>();
    log.push(1);
    await expect(log.waitFor((n) => n === 1, 'one', 100)).resolves.toBe(1);
    const later = log.waitFor((n) => n > 5, 'a big number', 1000);
    log.push(3);
    log.push(7);
    await expect(later).resolves.toBe(7);
  });
  it('looks only after the index it is given', async () => {
    const log = new MessageLog<string>();
    log.push('spawned');
    const after = log.size;
    const next = log.waitFor((m) => m === 'spawned', 'a second spawn', 1000, after);
    log.push('spawned');
    await expect(next).resolves.toBe('spawned');
    expect(log.size).toBe(2);
  });
  it('tests each message once, in order, so a test may accumulate', async () => {
    const log = new MessageLog<string>();
    log.push('wor');
    let text = '';
    const prompt = log.waitFor((m) => (text += m).endsWith('$ '), 'prompt', 1000);
    log.push('k $ ');
    await prompt;
    expect(text).toBe('work $ ');
  });
  it('rejects naming what it waited for, and when the log fails', async () => {
    const log = new MessageLog<number>();
    await expect(log.waitFor((n) => n === 2, 'the number two', 20)).rejects.toThrow('no the number two within 0.02 s');
    const pending = log.waitFor((n) => n === 2, 'two', 1000);
    log.fail(new Error('connection closed'));
    await expect(pending).rejects.toThrow('connection closed');
    await expect(log.waitFor((n) => n === 2, 'two', 1000)).rejects.toThrow('connection closed');
  });
});
