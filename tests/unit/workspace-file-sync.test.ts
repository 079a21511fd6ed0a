import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFileSync } from '../../src/workspace/file-sync.ts';

/** A sandbox holding `files`, counting how often it is listed. */
function sandbox(files: Record<string, string>) {
  const counts = { list: 0 };
  const runtime = {
    list: async () => (counts.list++, { paths: Object.keys(files).sort(), truncated: false }),
    readFile: async (path: string) => files[path]!,
  };
  return { runtime, counts };
}

function setUp(files: Record<string, string>) {
  const { runtime, counts } = sandbox(files);
  const added: string[][] = [];
  const editable: Array<[string, string]> = [];
  const problems: string[] = [];
  const sync = createFileSync({
    runtime,
    editable: ['server.js', 'routes/new.js'],
    known: ['server.js', 'package.json'],
    onNewFiles: (paths) => added.push(paths),
    onEditableFile: (path, contents) => editable.push([path, contents]),
    onProblem: (text) => problems.push(text),
    quietMs: 400,
  });
  return { sync, files, added, editable, problems, counts };
}

afterEach(() => vi.useRealTimers());

describe('file sync', () => {
  it('reports each new path once, leaves out installed packages, and offers the editable files’ contents', async () => {
    const { sync, files, added, editable } = setUp({ 'server.js': 'v1', 'package.json': '{}', 'notes.txt': 'hi', 'node_modules/x/index.js': '' });
    await sync.refresh();
    expect(added).toEqual([['notes.txt']]);
    expect(editable).toEqual([['server.js', 'v1']]);

    files['routes/new.js'] = 'made in the terminal';
    files['server.js'] = 'v2';
    await sync.refresh();
    expect(added).toEqual([['notes.txt'], ['routes/new.js']]);
    expect(editable.slice(1)).toEqual([['server.js', 'v2'], ['routes/new.js', 'made in the terminal']]);
  });

  it('looks once the terminal has been quiet a moment, not at every chunk of output', async () => {
    vi.useFakeTimers();
    const { sync, counts } = setUp({ 'server.js': 'v1' });
    for (let i = 0; i < 5; i++) {
      sync.activity();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(counts.list).toBe(0);
    await vi.advanceTimersByTimeAsync(400);
    expect(counts.list).toBe(1);
  });

  it('says so when the sandbox cannot be listed, and looks again next time', async () => {
    const problems: string[] = [];
    const added: string[][] = [];
    let fail = true;
    const list = async () => {
      if (fail) throw new Error('the session has ended');
      return { paths: ['notes.txt'], truncated: false };
    };
    const sync = createFileSync({ runtime: { list, readFile: async () => '' }, editable: [], known: [], onNewFiles: (p) => added.push(p), onEditableFile: () => {}, onProblem: (t) => problems.push(t) });
    await sync.refresh();
    fail = false;
    await sync.refresh();
    expect(problems).toEqual(['The files the terminal made could not be listed: the session has ended']);
    expect(added).toEqual([['notes.txt']]);
  });
});
