/**
 * docs/authoring.md's walk-through, followed in a scratch copy of the project: the commands of its
 * `<!-- walkthrough -->` block in order, `npm run dev` showing a sandbox edit on reload without a restart, then
 * publishing (`draft: false`) and `npm run build`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const skip = new Set(['node_modules', 'dist', '.astro', '.git', 'test-results', '.archlab', 'bench']);
// As an author's shell has it: without the VITEST* and NODE_ENV=test variables vitest sets (under VITEST,
// `astro dev` serves no pages).
const shellEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_ENV'));
const env = { ...shellEnv, ASTRO_TELEMETRY_DISABLED: '1' };
const copy = mkdtempSync(join(tmpdir(), 'archlab-walkthrough-'));

/** The shell lines of the block after `<!-- walkthrough -->` in docs/authoring.md. */
function walkthroughCommands(): string[] {
  const doc = readFileSync(join(root, 'docs/authoring.md'), 'utf8');
  const block = /<!-- walkthrough -->\s*```sh\n([\s\S]*?)```/.exec(doc);
  if (!block) throw new Error('docs/authoring.md has no <!-- walkthrough --> sh block');
  return block[1]!.split('\n').map((line) => line.trim()).filter(Boolean);
}

function sh(command: string) {
  const result = spawnSync('sh', ['-c', command], { cwd: copy, encoding: 'utf8', env });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

beforeAll(() => {
  cpSync(root, copy, { recursive: true, filter: (src) => !skip.has(relative(root, src).split('/')[0] ?? '') });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('the authoring walk-through', () => {
  it('scaffolds a lesson that passes check:content and verify', { timeout: 240_000 }, () => {
    const commands = walkthroughCommands();
    expect(commands[0]).toMatch(/^npm run new-lesson -- connection-pools /);
    for (const command of commands) {
      const { status, output } = sh(command);
      expect(status, `${command}\n${output}`).toBe(0);
    }
    expect(sh('npm run -s verify -- connection-pools').output).toMatch(/All 2 exercises verified/);
  });

  it('shows a starter edit in npm run dev on reload, without a restart', { timeout: 180_000 }, async () => {
    const port = await freePort();
    const dev = spawn('npx', ['astro', 'dev', '--port', String(port), '--host', '127.0.0.1'], { cwd: copy, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    dev.stdout.on('data', (d) => (log += d));
    dev.stderr.on('data', (d) => (log += d));
    try {
      const url = `http://127.0.0.1:${port}/lessons/connection-pools/first-exercise/files.json`;
      const starter = async () => {
        for (;;) {
          const response = await fetch(url).catch(() => undefined);
          if (response?.ok) return ((await response.json()) as { starter: Record<string, string> }).starter;
          if (dev.exitCode !== null) throw new Error(`astro dev stopped:\n${log}`);
          await new Promise((r) => setTimeout(r, 500)); // polling a server that is starting; nothing to hand-shake with
        }
      };
      expect(Object.keys(await starter())).not.toContain('notes.md');
      writeFileSync(join(copy, 'sandboxes/connection-pools/first-exercise/starter/notes.md'), 'added while dev runs\n');
      expect((await starter())['notes.md']).toBe('added while dev runs\n');
    } finally {
      process.kill(-dev.pid!, 'SIGTERM');
    }
  });

  it('publishes the lesson with npm run build once draft is false', { timeout: 600_000 }, () => {
    const lesson = join(copy, 'lessons/connection-pools.mdx');
    writeFileSync(lesson, readFileSync(lesson, 'utf8').replace('draft: true', 'draft: false'));
    const { status, output } = sh('npm run -s build');
    expect(status, output).toBe(0);
    const page = readFileSync(join(copy, 'dist/lessons/connection-pools/index.html'), 'utf8');
    expect(page).toContain('The first point to say about Connection pools in an interview.');
    expect(existsSync(join(copy, 'dist/lessons/connection-pools/pool-size/files.json'))).toBe(true);
  });
});
