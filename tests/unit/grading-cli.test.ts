/** The grade CLI (exit codes, --json, relative --dir), verify's rules, and the vendored harness on plain Node. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatTable, verifyExercise } from '../../src/grading/verify.ts';
import { resultsSchema } from '../../src/schemas/results.ts';
import { vendor, vendorDir } from '../../scripts/vendor.ts';

const root = join(import.meta.dirname, '../..');
const sample = 'dev-vs-production/graceful-shutdown';
const fixture = join(root, 'tests/fixtures/hostile/exercise');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: options.cwd ?? root, env: options.env ?? process.env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const gradeCli = (args: string[], env?: NodeJS.ProcessEnv) => run(process.execPath, [join(root, 'scripts/grade.ts'), ...args], { env });

describe('npm run grade', () => {
  it('--json prints exactly the results object of the solution, exit 0', { timeout: 60_000 }, async () => {
    const { code, stdout, stderr } = await gradeCli([sample, '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const results = resultsSchema.parse(JSON.parse(stdout));
    expect(results.status).toBe('pass');
    expect(results.tests.map((t) => t.task_id)).toEqual(['drain', 'drain', 'drain', 'deadline', 'deadline']);
  });

  it("resolves a relative --dir against the caller's folder (INIT_CWD) and prints a readable report, exit 0 on failing checks", { timeout: 60_000 }, async () => {
    const { code, stdout } = await gradeCli([sample, '--dir', 'starter'], { ...process.env, INIT_CWD: join(root, 'sandboxes', sample) });
    expect(code).toBe(0);
    expect(stdout).toContain(`(${join(root, 'sandboxes', sample, 'starter')})`);
    expect(stdout).toContain('✗ fail  A request in progress when SIGTERM arrives still gets its full answer');
    expect(stdout).toContain('The request in progress was cut off');
    expect(stdout).toMatch(/Result: fail \(\d of 5 checks passed\)/);
  });

  it('exits 2 with a clear message when it cannot grade', { timeout: 30_000 }, async () => {
    const unknown = await gradeCli(['dev-vs-production/no-such-exercise']);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toContain('unknown exercise "dev-vs-production/no-such-exercise"');

    const missing = await gradeCli([sample, '--dir', 'no/such/folder'], { ...process.env, INIT_CWD: '/tmp' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('the folder to grade does not exist: /tmp/no/such/folder');

    const usage = await gradeCli([]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: npm run -s grade -- <slug>/<exercise>');

    const badOption = await gradeCli([sample, '--bogus']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain("Unknown option '--bogus'");
  });
});

describe('verify', () => {
  beforeAll(() => vendor());
  let temp: string | undefined;
  afterEach(async () => {
    if (temp) await rm(temp, { recursive: true, force: true });
    temp = undefined;
  });

  async function fixtureWithWrong(variants: Record<string, { lib: string; fails: string[] }>): Promise<string> {
    temp = await mkdtemp(join(tmpdir(), 'archlab-verify-'));
    const dir = join(temp, 'ex');
    await cp(fixture, dir, { recursive: true });
    for (const [name, { lib, fails }] of Object.entries(variants)) {
      await mkdir(join(dir, 'wrong', name), { recursive: true });
      await writeFile(join(dir, 'wrong', name, 'lib.js'), lib);
      await writeFile(join(dir, 'wrong', name, 'expect.json'), JSON.stringify({ fails }));
    }
    return dir;
  }

  const lib = (body: string) => `export function add(a, b) {\n  return ${body};\n}\n`;

  it('accepts an exercise whose solution passes, starter fails every task, and variants fail exactly as listed', { timeout: 60_000 }, async () => {
    const dir = await fixtureWithWrong({ multiplies: { lib: lib('a * b'), fails: ['adds', 'serves-sum'] } });
    const rows = await verifyExercise(dir, 'fixture/ex');
    expect(rows.map((r) => [r.variant, r.summary, r.problem])).toEqual([
      ['solution', '3/3 pass', undefined],
      ['starter', '1/3 pass', undefined],
      ['wrong/multiplies', 'fails 2/3', undefined],
    ]);
    expect(formatTable(rows)).toMatch(/^exercise\s+variant\s+result\s+ok\s+time\nfixture\/ex\s+solution\s+3\/3 pass\s+ok/);
  });

  it('names a variant that fails other checks than listed, and one that does not load', { timeout: 60_000 }, async () => {
    const dir = await fixtureWithWrong({
      overlisted: { lib: lib('a * b'), fails: ['adds', 'serves-ok'] },
      broken: { lib: lib('a +'), fails: ['adds'] },
    });
    const rows = await verifyExercise(dir, 'fixture/ex');
    const problems = Object.fromEntries(rows.map((r) => [r.variant, r.problem]));
    expect(problems['wrong/overlisted']).toBe('wrong/overlisted: expected to fail but passed: serves-ok; failed but not listed in expect.json: serves-sum');
    expect(problems['wrong/broken']).toBe("wrong/broken does not load: Your code could not be loaded: lib.js:2: SyntaxError: Unexpected token ';'\n  return a +;\n            ^");
  });

  it('passes a right variant written differently, and names one that fails a check', { timeout: 60_000 }, async () => {
    const dir = await fixtureWithWrong({});
    for (const [name, body] of [['commuted', 'b + a'], ['multiplies', 'a * b']]) {
      await mkdir(join(dir, 'right', name!), { recursive: true });
      await writeFile(join(dir, 'right', name!, 'lib.js'), lib(body!));
    }
    const rows = await verifyExercise(dir, 'fixture/ex');
    expect(rows.filter((r) => r.variant.startsWith('right/')).map((r) => [r.variant, r.summary, r.problem?.split(':')[0]])).toEqual([
      ['right/commuted', '3/3 pass', undefined],
      ['right/multiplies', '1/3 pass', 'right/multiplies is a correct solution but fails'],
    ]);
  });

  it('names a starter that already passes a task', { timeout: 60_000 }, async () => {
    const dir = await fixtureWithWrong({});
    await writeFile(join(dir, 'starter/lib.js'), await readFile(join(dir, 'solution/lib.js'), 'utf8'));
    // A server that exits at once fails its task however fast the machine is (a slow one could time out).
    await writeFile(join(dir, 'starter/server.js'), 'process.exit(1);\n');
    const rows = await verifyExercise(dir, 'fixture/ex');
    expect(rows.find((r) => r.variant === 'starter')!.problem).toBe('the starter already passes every check of task library');
  });
});

/** The oldest `node` on PATH outside node_modules (the system Node here), to prove the bundle is plain JavaScript. */
function plainNode(): string {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter((d) => d && !d.includes('node_modules'));
  return dirs.map((d) => join(d, 'node')).find(existsSync) ?? process.execPath;
}

describe('vendored harness', () => {
  it('grades with plain JavaScript on Node 18+ (no TypeScript), printing the results JSON', { timeout: 60_000 }, async () => {
    await vendor();
    const node = plainNode();
    const { stdout: version } = await run(node, ['--version']);
    const { code, stdout, stderr } = await run(node, [join(vendorDir, 'grading/grade.js'), fixture], { cwd: tmpdir() });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(resultsSchema.parse(JSON.parse(stdout)).status).toBe('pass');
    console.info(`vendored harness graded on ${node} ${version.trim()}`);
  });
});
