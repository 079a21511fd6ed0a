import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const skip = new Set(['node_modules', 'dist', '.astro', '.git', 'test-results', '.archlab', 'bench']);

const copy = mkdtempSync(join(tmpdir(), 'archlab-build-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

it('fails `astro build` naming the file and each bad field', () => {
  cpSync(root, copy, { recursive: true, filter: (src) => !skip.has(relative(root, src).split('/')[0] ?? '') });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  writeFileSync(
    join(copy, 'lessons', 'zz-broken.mdx'),
    '---\ntitle: Broken\nsummary: S\norder: "two"\nsection: A\nminutes: 5\ndifficulty: core\nobjectives: [x]\ncolour: red\n---\n\nBody.\n',
  );
  const result = spawnSync('npx', ['astro', 'build'], { cwd: copy, encoding: 'utf8', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
  const output = result.stdout + result.stderr;
  expect(result.status).not.toBe(0);
  expect(output).toMatch(/lessons\/zz-broken\.mdx: order: expected number, received string/);
  expect(output).toMatch(/lessons\/zz-broken\.mdx: colour: unknown field/);
}, 120_000);
