/** Path resolution inside a session folder, against hostile paths and symbolic links. */
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PathError, resolveInside } from '../../src/runner/paths.ts';

let base: string;
let root: string;

beforeAll(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), 'runner-paths-')));
  root = path.join(base, 'session');
  await mkdir(path.join(root, 'src'), { recursive: true });
  await writeFile(path.join(root, 'src/app.js'), '');
  await writeFile(path.join(base, 'secret.txt'), 'outside');
  await symlink('/etc', path.join(root, 'etc-link'));
  await symlink(path.join(base, 'secret.txt'), path.join(root, 'secret-link'));
  await symlink('../session-sibling', path.join(root, 'relative-out'));
  await mkdir(path.join(base, 'session-sibling'));
  await symlink('src', path.join(root, 'src-link'));
  await symlink('src-link', path.join(root, 'chain-link'));
  await symlink(path.join(base, 'nowhere'), path.join(root, 'dangling'));
});

afterAll(() => rm(base, { recursive: true, force: true }));

describe('resolveInside', () => {
  it('resolves plain relative paths, existing or not', async () => {
    expect(await resolveInside(root, 'src/app.js')).toBe(path.join(root, 'src/app.js'));
    expect(await resolveInside(root, 'new/deep/file.txt')).toBe(path.join(root, 'new/deep/file.txt'));
    expect(await resolveInside(root, '..hidden')).toBe(path.join(root, '..hidden'));
  });

  it('follows symbolic links that stay inside', async () => {
    expect(await resolveInside(root, 'src-link/app.js')).toBe(path.join(root, 'src/app.js'));
    expect(await resolveInside(root, 'chain-link/new.js')).toBe(path.join(root, 'src/new.js'));
  });

  const hostile: [string, unknown, RegExp][] = [
    ['parent', '..', /no "\.\."/],
    ['parent inside', 'src/../../secret.txt', /no "\.\."/],
    ['absolute', '/etc/passwd', /no leading "\/"/],
    ['NUL', 'src/app.js\0.png', /"src\/app\.js\\\\0\.png"/],
    ['backslash', '..\\secret.txt', /relative path/],
    ['empty', '', /empty/],
    ['dot', './src/app.js', /relative path/],
    ['empty segment', 'src//app.js', /relative path/],
    ['trailing slash', 'src/', /relative path/],
    ['not text', 42, /expected a path as text/],
    ['very long', 'a/'.repeat(600) + 'b', /longer than 1024/],
  ];
  for (const [what, requested, message] of hostile) {
    it(`refuses ${what}`, async () => {
      const attempt = resolveInside(root, requested);
      await expect(attempt).rejects.toBeInstanceOf(PathError);
      await expect(attempt).rejects.toThrow(message);
    });
  }

  const escapes: [string, string, RegExp][] = [
    ['a link to a folder outside', 'etc-link/passwd', /"etc-link" is a symbolic link leading outside/],
    ['a link to a file outside', 'secret-link', /"secret-link" is a symbolic link leading outside/],
    ['a relative link out', 'relative-out/x.js', /"relative-out" is a symbolic link leading outside/],
    ['a link to nothing', 'dangling', /"dangling" is a symbolic link to nothing/],
  ];
  for (const [what, requested, message] of escapes) {
    it(`refuses ${what}`, async () => {
      await expect(resolveInside(root, requested)).rejects.toThrow(message);
    });
  }

  it('refuses a file or folder name longer than the file system allows, counting bytes', async () => {
    expect(await resolveInside(root, 'n'.repeat(255))).toBe(path.join(root, 'n'.repeat(255)));
    await expect(resolveInside(root, 'n'.repeat(256))).rejects.toThrow(/at most 255 bytes/);
    await expect(resolveInside(root, `src/${'é'.repeat(128)}`)).rejects.toBeInstanceOf(PathError);
  });

  it('carries the bad-path code for the error reply', async () => {
    await expect(resolveInside(root, '../x')).rejects.toMatchObject({ code: 'bad-path' });
  });
});

describe('resolveInside when the session folder itself was replaced by a link', () => {
  it('refuses every path', async () => {
    const base = await mkdtemp(path.join(tmpdir(), 'archlab-swap-'));
    const swapped = path.join(base, 'session');
    await symlink('/etc', swapped);
    await expect(resolveInside(swapped, 'passwd')).rejects.toThrow(/moved or replaced/);
    await rm(base, { recursive: true, force: true });
  });
});
