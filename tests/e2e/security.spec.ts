/**
 * The site's browser-facing defences: the content security policy holds on every kind of page, the runner token
 * is needed to run code and never leaks, and a restarted `npm start` refuses old tabs while keeping their edits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { repoRoot } from './helpers/exercise-files.ts';
import { editorLines, focusEditorTop, openExercise, program, runnerToken, withToken, workspace } from './helpers/workspace.ts';

const exerciseId = 'dev-vs-production/graceful-shutdown';
const linkSentence = 'open the link that "npm start" printed in its terminal';
const notices = (page: Page) => page.locator('[data-notices]');

test.describe.configure({ mode: 'serial' });

test('no content security policy violation on any kind of page', async ({ page, context }) => {
  await context.addInitScript(() => {
    const seen: string[] = [];
    Object.defineProperty(window, '__cspViolations', { value: seen });
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));
  });
  const violations = () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
  for (const [kind, path, status] of [
    ['home', '/', 200],
    ['progress', '/progress/', 200],
    ['review', '/review/', 200],
    ['interview', '/interview/', 200],
    ['lesson', '/lessons/dev-vs-production/', 200],
    ['404', '/no/such/page/', 404],
  ] as const) {
    const response = await page.goto(path);
    expect(response?.status(), kind).toBe(status);
    expect(response?.headers()['content-security-policy'], kind).toContain("frame-ancestors 'self'");
    await page.waitForLoadState('networkidle');
    expect(await violations(), kind).toEqual([]);
  }
  // Search: its code, Pagefind's script, its WebAssembly and index parts load only once a query is typed.
  await page.goto('/lessons/dev-vs-production/');
  await page.keyboard.press('/');
  await page.keyboard.type('queue');
  await expect(page.getByRole('region', { name: 'Lesson sections' }).getByRole('link').first()).toBeVisible({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  expect(await violations(), 'search').toEqual([]);
  // The exercise with its workspace ready: the editor, its workers, the terminal, the runner and a preview.
  await openExercise(page, exerciseId);
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(program(page)).toContainText('listening on', { timeout: 15_000 });
  await expect(page.getByRole('region', { name: 'Preview' }).frameLocator('iframe').locator('body')).toContainText('hello', { timeout: 15_000 });
  expect(await violations(), 'exercise').toEqual([]);
});

test('without the token link pages read, the workspace says how to get the link, and no cookie is set', async ({ page, context }) => {
  await page.goto(`/lessons/${exerciseId}/`);
  await expect(page.getByRole('region', { name: 'Instructions' }).getByRole('heading', { level: 1 })).toBeVisible();
  await expect(notices(page)).toContainText(linkSentence, { timeout: 30_000 });
  await expect(page.locator('[data-runtime-current]')).toHaveText('Sandbox: none');
  await expect(workspace(page)).not.toHaveAttribute('data-ready', 'true');
  expect(await context.cookies()).toEqual([]);
});

test('the token link sets a strict HttpOnly cookie and leaves the token in no address, page or Referer', async ({ page, context }) => {
  const token = runnerToken();
  const referrers: string[] = [];
  page.on('request', (request) => referrers.push(request.headers()['referer'] ?? ''));
  await page.goto(withToken('/lessons/dev-vs-production/'));
  expect(page.url()).not.toContain(token);
  const [cookie] = await context.cookies();
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', value: token });
  await page.getByRole('link', { name: 'Shut down without dropping requests' }).first().click();
  await expect(workspace(page)).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  expect(await page.content()).not.toContain(token);
  expect(referrers.filter((r) => r.includes(token))).toEqual([]);
  expect(referrers.some((r) => r.includes('/lessons/dev-vs-production/'))).toBe(true);
});

/** `node src/server/main.ts` (what `npm run preview` runs) with its output kept, started on its own port. */
class LabServer {
  output = '';
  readonly #child: ChildProcess;
  #wake = () => {};

  constructor(env: Record<string, string>, args: string[] = []) {
    this.#child = spawn(process.execPath, [join(repoRoot, 'src/server/main.ts'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.#child.stdout!, this.#child.stderr!]) {
      stream.on('data', (chunk: Buffer) => {
        this.output += chunk.toString();
        this.#wake();
      });
    }
    this.#child.on('exit', () => this.#wake());
  }

  /** Resolves with the first match of `pattern` in the output, as soon as it is printed. */
  async printed(pattern: RegExp): Promise<RegExpExecArray> {
    for (;;) {
      const match = pattern.exec(this.output);
      if (match) return match;
      if (this.#child.exitCode !== null) throw new Error(`the server exited before printing ${pattern}:\n${this.output}`);
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  /** SIGTERM, as a learner's Ctrl+C would; resolves once the process has exited. */
  async stop(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const exited = once(this.#child, 'exit');
    this.#child.kill('SIGTERM');
    await exited;
  }
}

test('after a restart the old cookie is refused: the open tab says so, and the saved edit is kept', async ({ page }) => {
  test.setTimeout(120_000);
  const [first, second] = ['first', 'second'].map((name) => `${name}-start-${runnerToken().slice(-20)}`) as [string, string];
  const recorderDir = mkdtempSync(join(tmpdir(), 'archlab-opener-'));
  const recorder = join(recorderDir, 'open');
  writeFileSync(recorder, '#!/bin/sh\necho "opener: $1"\n');
  chmodSync(recorder, 0o755);
  const servers: LabServer[] = [];
  try {
    // --open hands the token link to the opener (here a recorder standing in for the browser).
    const one = new LabServer({ PORT: '0', ARCHLAB_TOKEN: first, BROWSER: recorder }, ['--open']);
    servers.push(one);
    const [, link, port] = await one.printed(/opener: (http:\/\/localhost:(\d+)\/\?token=\S+)/);
    expect(link).toBe(`http://localhost:${port}/?token=${first}`);
    const origin = `http://localhost:${port}`;

    await page.goto(`${origin}${withToken(`/lessons/${exerciseId}/`, first)}`);
    await expect(workspace(page)).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
    await focusEditorTop(page);
    await page.keyboard.type('// kept across a restart\n');
    await expect(page.locator('[data-save-state]')).toHaveAttribute('data-state', 'saved', { timeout: 5_000 });
    // Requests after start-up, right and wrong, are not logged with the token.
    expect((await page.request.get(`${origin}/?token=not-the-token-of-this-start`, { maxRedirects: 0 })).status()).toBe(403);

    await one.stop();
    await expect(notices(page)).toContainText('The sandbox stopped');
    const two = new LabServer({ PORT: port!, ARCHLAB_TOKEN: second });
    servers.push(two);
    await two.printed(/\?token=/);

    await expect(notices(page)).toContainText('The local runner was restarted and no longer accepts this tab', { timeout: 15_000 });
    await expect(notices(page)).toContainText(linkSentence);
    await page.reload();
    await expect(notices(page)).toContainText(linkSentence, { timeout: 30_000 });
    await expect(editorLines(page)).toContainText('// kept across a restart');

    await page.goto(`${origin}${withToken(`/lessons/${exerciseId}/`, second)}`);
    await expect(workspace(page)).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
    await expect(editorLines(page)).toContainText('// kept across a restart');
    await two.stop();

    // Each token shows up only where the learner needs it at start-up: the printed link (and the opener's copy).
    const linesWith = (server: LabServer, token: string) => server.output.split('\n').filter((line) => line.includes(token)).map((line) => line.trim());
    expect(linesWith(one, first)).toEqual([`${origin}/?token=${first}`, `opener: ${origin}/?token=${first}`]);
    expect(linesWith(two, second)).toEqual([`${origin}/?token=${second}`]);
    expect(two.output).not.toContain(first);
  } finally {
    for (const server of servers) await server.stop();
    rmSync(recorderDir, { recursive: true, force: true });
  }
});
