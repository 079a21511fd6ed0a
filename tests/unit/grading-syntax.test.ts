/** findSyntaxError: files that parse are read in this process; only a broken one costs a `node --check`. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as groups from '../../src/process/process-group.ts';
import { findSyntaxError, parsesAs } from '../../src/grading/syntax.ts';

vi.mock('../../src/process/process-group.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/process/process-group.ts')>();
  return { ...actual, spawnInGroup: vi.fn(actual.spawnInGroup) };
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'archlab-syntax-'));
  vi.mocked(groups.spawnInGroup).mockClear();
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function tree(files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}

const find = (paths: string[]) => findSyntaxError(dir, paths, `test:syntax:${process.pid}`, 10_000);

describe('findSyntaxError', () => {
  it('starts no process when every file parses: modules, CommonJS with a top-level return, no package.json', async () => {
    await tree({
      'package.json': '{ "type": "module" }',
      'server.js': "import http from 'node:http';\nexport const port = await Promise.resolve(3000);\nconsole.log(import.meta.url, http);\n",
      'legacy/package.json': '{ "type": "commonjs" }',
      'legacy/old.js': "const fs = require('fs');\nif (!fs) return;\nmodule.exports = 1;\n",
      'tool.cjs': '#!/usr/bin/env node\nreturn;\n',
    });
    expect(await find(['server.js', 'legacy/old.js', 'tool.cjs', 'missing.js', 'README.md'])).toBeUndefined();
    expect(groups.spawnInGroup).not.toHaveBeenCalled();
  });

  it('reports a broken file with Node\'s message, file and line, from one node --check of that file only', async () => {
    await tree({ 'package.json': '{ "type": "module" }', 'ok.js': 'export const a = 1;\n', 'bad.js': 'export const b = 1;\nconst c = ;\n' });
    const report = await find(['ok.js', 'bad.js']);
    expect(report).toMatch(/bad\.js:2: SyntaxError: Unexpected token ';'\nconst c = ;/);
    expect(groups.spawnInGroup).toHaveBeenCalledTimes(1);
    expect(vi.mocked(groups.spawnInGroup).mock.calls[0]![1]).toEqual(['--check', join(dir, 'bad.js')]);
  });

  it('holds a .js file to the "type" of its package.json: module syntax in a CommonJS package is an error', async () => {
    await tree({ 'package.json': '{ "type": "commonjs" }', 'main.js': "import fs from 'node:fs';\nconsole.log(fs);\n" });
    expect(await find(['main.js'])).toMatch(/main\.js:1/);
  });
});

describe('parsesAs', () => {
  it('tells module from script syntax', () => {
    expect(parsesAs('export default 1;', ['module'])).toBe(true);
    expect(parsesAs('export default 1;', ['script'])).toBe(false);
    expect(parsesAs('return 1;', ['script'])).toBe(true);
    expect(parsesAs('return 1;', ['module'])).toBe(false);
    expect(parsesAs('const x = ;', ['module', 'script'])).toBe(false);
  });
});
