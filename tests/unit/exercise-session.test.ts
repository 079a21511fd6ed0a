import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { SaveState } from '../../src/progress/autosave.ts';
import { openProgressStore, type ProgressStore } from '../../src/progress/store.ts';
import type { PtyProcess, SandboxRuntime } from '../../src/runtime/types.ts';
import type { FileMap } from '../../src/schemas/files.ts';
import type { ExerciseFilesPayload } from '../../src/schemas/payloads.ts';
import type { Results } from '../../src/schemas/results.ts';
import { ExerciseSession, type SessionOptions } from '../../src/session/exercise-session.ts';

const EXERCISE = 'lesson/exercise';
const hash = (c: string) => c.repeat(64);
const payload: ExerciseFilesPayload = {
  starter: { 'server.js': 'starter server', 'lib.js': 'starter lib', 'README.md': 'read me' },
  solution: { 'server.js': 'solution server', 'lib.js': 'solution lib' },
  starterHash: hash('a'),
};
const editable = ['server.js', 'lib.js'];
const passing: Results = { version: 1, status: 'pass', tests: [{ id: 'c', name: 'C', task_id: 't', status: 'pass' }] };
const failing: Results = { version: 1, status: 'fail', tests: [{ id: 'c', name: 'C', task_id: 't', status: 'fail' }] };

/** A sandbox that records what it was given and answers Check with `verdicts`, in order. */
class FakeRuntime implements SandboxRuntime {
  readonly kind = 'local' as const;
  readonly mounts: FileMap[] = [];
  /** The files the sandbox held when each Check ran. */
  readonly checked: FileMap[] = [];
  files: FileMap = {};
  verdicts: Array<Results | Error> = [];
  mountError: Error | undefined;

  async mount(files: FileMap): Promise<void> {
    if (this.mountError) throw this.mountError;
    this.mounts.push(files);
    this.files = { ...this.files, ...files };
  }
  async writeFile(path: string, contents: string): Promise<void> {
    this.files[path] = contents;
  }
  async readFile(path: string): Promise<string> {
    return this.files[path]!;
  }
  async list(): Promise<{ paths: string[]; truncated: boolean }> {
    return { paths: Object.keys(this.files).sort(), truncated: false };
  }
  shell(): Promise<PtyProcess> {
    throw new Error('not used');
  }
  run(): Promise<PtyProcess> {
    throw new Error('not used');
  }
  onServerReady(): () => void {
    return () => {};
  }
  onNotice(): () => void {
    return () => {};
  }
  async check(): Promise<Results> {
    this.checked.push({ ...this.files });
    const verdict = this.verdicts.shift() ?? passing;
    if (verdict instanceof Error) throw verdict;
    return verdict;
  }
  async dispose(): Promise<void> {}
}

let dbCount = 0;
async function setUp(overrides: Partial<SessionOptions> = {}, seed?: (store: ProgressStore) => Promise<void>) {
  const store = await openProgressStore(`archlab-session-${++dbCount}`);
  await seed?.(store);
  const states: SaveState['kind'][] = [];
  const problems: string[] = [];
  const session = await ExerciseSession.open({
    exerciseId: EXERCISE,
    editable,
    payload,
    store,
    onSaveState: (s) => states.push(s.kind),
    onProblem: (p) => problems.push(p),
    ...overrides,
  });
  return { store, session, states, problems };
}

describe('ExerciseSession: learner files', () => {
  it('starts from the starter when nothing is saved', async () => {
    const { session } = await setUp();
    expect(session.files).toEqual(payload.starter);
    expect(session.hasSavedEdits).toBe(false);
    expect(session.starterChanged).toBe(false);
    expect(session.savedResults).toBeUndefined();
  });

  it('lays saved edits over the starter on editable paths only, and notices a changed starter', async () => {
    const { session } = await setUp({}, (store) =>
      store.saveEdits({ exerciseId: EXERCISE, files: { 'server.js': 'mine', 'README.md': 'not editable' }, starterHash: hash('b'), savedAt: 1 }),
    );
    expect(session.files).toEqual({ ...payload.starter, 'server.js': 'mine' });
    expect(session.editableFiles).toEqual({ 'server.js': 'mine', 'lib.js': 'starter lib' });
    expect(session.hasSavedEdits).toBe(true);
    expect(session.starterChanged).toBe(true);
  });

  it('loads the results of an earlier visit', async () => {
    const { session } = await setUp({}, async (store) => void (await store.saveResults(EXERCISE, passing)));
    expect(session.savedResults).toMatchObject({ results: passing, completed: true });
  });
});

describe('ExerciseSession: autosave', () => {
  it('hands only the changed files to the sandbox and saves every editable file, keeping saved files no longer editable', async () => {
    const { session, store, states } = await setUp({}, (store) =>
      store.saveEdits({ exerciseId: EXERCISE, files: { 'renamed.js': 'kept' }, starterHash: hash('a'), savedAt: 1 }),
    );
    const runtime = new FakeRuntime();
    await session.attach(runtime);
    expect(runtime.mounts).toEqual([{ 'server.js': 'starter server', 'lib.js': 'starter lib' }]);

    session.edit('server.js', 'edited');
    session.edit('README.md', 'ignored: not editable');
    await session.flush();
    expect(runtime.mounts.at(-1)).toEqual({ 'server.js': 'edited' });
    expect((await store.loadEdits(EXERCISE))?.files).toEqual({ 'renamed.js': 'kept', 'server.js': 'edited', 'lib.js': 'starter lib' });
    expect(session.files['README.md']).toBe('read me');
    expect(states).toEqual(['unsaved', 'saving', 'saved']);
  });

  it('saves even when the sandbox misses the edit, and says so', async () => {
    const { session, store, problems } = await setUp();
    const runtime = new FakeRuntime();
    await session.attach(runtime);
    runtime.mountError = new Error('socket closed');
    session.edit('lib.js', 'edited lib');
    await session.flush();
    expect(problems).toEqual(['The sandbox did not get your latest edit: socket closed']);
    expect((await store.loadEdits(EXERCISE))?.files['lib.js']).toBe('edited lib');
  });

  it('keeps a failed save pending and hands the same files over again on the next save', async () => {
    const { store } = await setUp();
    let failNext = true;
    const flaky: ProgressStore = Object.assign(Object.create(store) as ProgressStore, {
      saveEdits: async (edits: Parameters<ProgressStore['saveEdits']>[0]) => {
        if (failNext) {
          failNext = false;
          throw new Error('quota exceeded');
        }
        return store.saveEdits(edits);
      },
    });
    const states: SaveState[] = [];
    const session = await ExerciseSession.open({ exerciseId: EXERCISE, editable, payload, store: flaky, onSaveState: (s) => states.push(s) });
    const runtime = new FakeRuntime();
    await session.attach(runtime);
    session.edit('server.js', 'edited');
    await session.flush();
    expect(states.at(-1)).toEqual({ kind: 'failed', message: 'quota exceeded' });
    await session.flush();
    expect(states.at(-1)?.kind).toBe('saved');
    expect(runtime.mounts.slice(1)).toEqual([{ 'server.js': 'edited' }, { 'server.js': 'edited' }]);
    expect((await store.loadEdits(EXERCISE))?.files['server.js']).toBe('edited');
  });
});

describe('ExerciseSession: files the terminal wrote', () => {
  it('takes an editable file the sandbox changed as the learner’s edit and saves it; ignores other paths and same contents', async () => {
    const { session, store } = await setUp();
    await session.attach(new FakeRuntime());
    expect(session.adopt('server.js', 'written in the terminal')).toBe(true);
    expect(session.adopt('server.js', 'written in the terminal')).toBe(false);
    expect(session.adopt('README.md', 'not editable')).toBe(false);
    expect(session.adopt('notes.txt', 'not editable either')).toBe(false);
    await session.flush();
    expect(session.files).toMatchObject({ 'server.js': 'written in the terminal', 'README.md': 'read me' });
    expect(session.files['notes.txt']).toBeUndefined();
    expect((await store.loadEdits(EXERCISE))?.files['server.js']).toBe('written in the terminal');
  });

  it('keeps the learner’s edit the sandbox has not received yet over what the sandbox holds', async () => {
    const { session } = await setUp({ autosaveDelayMs: 60_000 });
    await session.attach(new FakeRuntime());
    session.edit('server.js', 'typed just now');
    expect(session.adopt('server.js', 'older sandbox copy')).toBe(false);
    expect(session.files['server.js']).toBe('typed just now');
  });

  it('keeps the learner’s edit while it is on its way to the sandbox', async () => {
    const { session } = await setUp();
    const runtime = new FakeRuntime();
    await session.attach(runtime);
    let land!: () => void;
    runtime.mount = (files) => new Promise((resolve) => (land = () => resolve(void (runtime.files = { ...runtime.files, ...files })))) as Promise<void>;
    session.edit('server.js', 'typed just now');
    const saved = session.flush();
    await expect.poll(() => land).toBeTypeOf('function');
    expect(session.adopt('server.js', 'starter server')).toBe(false);
    land();
    await saved;
    expect(session.files['server.js']).toBe('typed just now');
  });
});

describe('ExerciseSession: Reset and Show solution', () => {
  it('replaces the editable files, returns them for the editor and saves them', async () => {
    const { session, store } = await setUp({}, (store) =>
      store.saveEdits({ exerciseId: EXERCISE, files: { 'server.js': 'mine' }, starterHash: hash('a'), savedAt: 1 }),
    );
    const runtime = new FakeRuntime();
    await session.attach(runtime);
    expect(session.showSolution()).toEqual(payload.solution);
    await session.flush();
    expect((await store.loadEdits(EXERCISE))?.files).toEqual(payload.solution);
    expect(runtime.files).toMatchObject(payload.solution);

    expect(session.reset()).toEqual({ 'server.js': 'starter server', 'lib.js': 'starter lib' });
    await session.flush();
    expect((await store.loadEdits(EXERCISE))?.files).toEqual({ 'server.js': 'starter server', 'lib.js': 'starter lib' });
    expect(session.files).toEqual(payload.starter);
  });
});

describe('ExerciseSession: Check', () => {
  it('grades the latest edit, saves the results and reports the first completion once', async () => {
    const { session, store } = await setUp();
    const runtime = new FakeRuntime();
    runtime.verdicts = [failing, passing, failing];
    await session.attach(runtime);
    session.edit('server.js', 'just typed');

    expect(await session.check()).toEqual({ results: failing, completed: false, firstCompletion: false });
    expect(runtime.checked[0]!['server.js']).toBe('just typed');
    expect(await session.check()).toEqual({ results: passing, completed: true, firstCompletion: true });
    // Completed stays completed after a later failure, and is not the first completion again.
    expect(await session.check()).toEqual({ results: failing, completed: true, firstCompletion: false });
    expect((await store.loadResults(EXERCISE))?.results).toEqual(failing);
  });

  it('turns a Check that throws into a run-level error', async () => {
    const { session } = await setUp();
    const runtime = new FakeRuntime();
    runtime.verdicts = [new Error('the connection to the local runner closed')];
    await session.attach(runtime);
    const { results } = await session.check();
    expect(results).toEqual({ version: 1, status: 'error', message: 'the connection to the local runner closed', tests: [] });
  });

  it('shows the verdict when it cannot be stored, and says so', async () => {
    const { store } = await setUp();
    const broken: ProgressStore = Object.assign(Object.create(store) as ProgressStore, {
      saveResults: async () => {
        throw new Error('the database was upgraded by a newer tab');
      },
    });
    const problems: string[] = [];
    const session = await ExerciseSession.open({ exerciseId: EXERCISE, editable, payload, store: broken, onProblem: (p) => problems.push(p) });
    await session.attach(new FakeRuntime());
    expect(await session.check()).toEqual({ results: passing, completed: true, firstCompletion: false });
    expect(problems).toEqual(['This result could not be saved in this browser: the database was upgraded by a newer tab']);
  });
});
