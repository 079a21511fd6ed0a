/**
 * Writes through the runner protocol never reach a file outside the session folder: not through a hard link, and
 * not through a symbolic link swapped in between the path check and the write.
 */
import { spawn } from 'node:child_process';
import { chmod, cp, link, lstat, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replaceFile, SessionFiles } from '../../src/runner/session-files.ts';

const LIMITS = { maxFiles: 50, maxFileBytes: 100_000, maxTotalBytes: 1_000_000 };
const SECRET = 'outside the session folder\n';

let scratch: string;
let outside: string;
let files: SessionFiles;

beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'archlab-write-safety-'));
  outside = path.join(scratch, 'outside.txt');
  await writeFile(outside, SECRET);
  const starter = path.join(scratch, 'starter');
  await mkdir(starter);
  await writeFile(path.join(starter, 'server.js'), 'export {};\n');
  ({ files } = await SessionFiles.fromStarter(path.join(scratch, 'session'), (dir) => cp(starter, dir, { recursive: true }), LIMITS));
});

afterEach(() => rm(scratch, { recursive: true, force: true }));

describe('writes through the protocol', () => {
  it('refuses a file that is a hard link to a file outside the folder, and writes nothing of the batch', async () => {
    await link(outside, path.join(files.dir, 'linked.js'));
    await expect(files.writeAll({ 'server.js': 'changed\n', 'linked.js': 'overwritten\n' })).rejects.toMatchObject({
      code: 'bad-path',
      message: expect.stringMatching(/^"linked\.js" is a hard link \(one of 2 names/),
    });
    expect(await readFile(outside, 'utf8')).toBe(SECRET);
    expect(await readFile(path.join(files.dir, 'server.js'), 'utf8')).toBe('export {};\n');
  });

  it('replaces a symbolic link swapped in after the check instead of writing through it', async () => {
    // The state right after a swap: the checked path is now a link to a file outside.
    const target = path.join(files.dir, 'server.js');
    await rm(target);
    await symlink(outside, target);
    await replaceFile(target, 'server.js', 'new contents\n');
    expect(await readFile(outside, 'utf8')).toBe(SECRET);
    expect((await lstat(target)).isFile()).toBe(true);
    expect(await readFile(target, 'utf8')).toBe('new contents\n');
  });

  it('never writes outside while a program keeps swapping the file for a link to outside', async () => {
    const target = path.join(files.dir, 'server.js');
    // Atomic swaps, as a program in the terminal would do them: a link, then a plain file, over the same name.
    const swap = `
      const fs = require('node:fs');
      const [outside, target] = process.argv.slice(1);
      const temp = target + '.swap';
      console.log('swapping');
      for (;;) {
        fs.symlinkSync(outside, temp); fs.renameSync(temp, target);
        fs.writeFileSync(temp, 'plain\\n'); fs.renameSync(temp, target);
      }`;
    const swapper = spawn(process.execPath, ['-e', swap, outside, target], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise((resolve) => swapper.stdout.once('data', resolve));
      let written = 0;
      for (let attempt = 0; attempt < 5000 && written < 200; attempt++) {
        await files.writeAll({ 'server.js': `write ${attempt}\n` }).then(
          () => written++,
          // Seen as a link leading outside when checked: refused, which is fine.
          (error: { code?: string }) => expect(error.code).toBe('bad-path'),
        );
      }
      expect(written).toBeGreaterThan(0);
    } finally {
      swapper.kill('SIGKILL');
    }
    expect(await readFile(outside, 'utf8')).toBe(SECRET);
  });

  it('keeps the mode of the file it replaces', async () => {
    const target = path.join(files.dir, 'run.sh');
    await files.writeAll({ 'run.sh': '#!/bin/sh\n' });
    await chmod(target, 0o755);
    await files.writeAll({ 'run.sh': '#!/bin/sh\necho hi\n' });
    expect((await lstat(target)).mode & 0o777).toBe(0o755);
  });
});
