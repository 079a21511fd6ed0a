import { describe, expect, it, vi } from 'vitest';
import { LocalRuntime, runnerUrl, type SocketLike } from '../../src/runtime/local.ts';
import { probeRunner, waitForRunner, type RunnerAccess } from '../../src/runtime/runner-probe.ts';
import type { CheckProgress } from '../../src/schemas/check-progress.ts';
import type { ClientMessage, ServerMessage } from '../../src/schemas/runner.ts';

/** A runner on the other end of a fake socket: answers requests through `reply`. */
class FakeSocket implements SocketLike {
  readyState = 0;
  readonly sent: ClientMessage[] = [];
  readonly #listeners: Record<string, Array<(event: { data: unknown }) => void>> = {};
  reply: (message: ClientMessage) => ServerMessage | undefined = () => undefined;

  addEventListener(type: string, listener: (event: { data: unknown }) => void): void {
    (this.#listeners[type] ??= []).push(listener);
  }
  #fire(type: string, data?: unknown): void {
    for (const l of this.#listeners[type] ?? []) l({ data });
  }
  open(): void {
    this.readyState = 1;
    this.#fire('open');
  }
  send(data: string): void {
    const message = JSON.parse(data) as ClientMessage;
    this.sent.push(message);
    const answer = this.reply(message);
    if (answer) queueMicrotask(() => this.push(answer));
  }
  push(message: ServerMessage | string): void {
    this.#fire('message', typeof message === 'string' ? message : JSON.stringify(message));
  }
  close(): void {
    this.readyState = 3;
    this.#fire('close');
  }
}

const sessionId = 'a'.repeat(32);

function runner(socket: FakeSocket): void {
  socket.reply = (m) => {
    switch (m.type) {
      case 'open':
        return { type: 'opened', id: m.id, sessionId, files: { 'server.js': 'starter' } };
      case 'shell':
        return { type: 'spawned', id: m.id, pty: 7, kind: 'shell', port: 4000 };
      case 'read':
        return { type: 'error', id: m.id, code: 'bad-path', message: 'the path "../x" leaves the exercise folder' };
      default:
        return undefined;
    }
  };
}

async function connected() {
  const socket = new FakeSocket();
  runner(socket);
  const connecting = LocalRuntime.create('dev-vs-production/graceful-shutdown', { url: 'ws://x', createSocket: () => socket, timeoutMs: 1000 });
  socket.open();
  return { socket, runtime: await connecting };
}

describe('LocalRuntime', () => {
  it('builds the runner URL on the page origin', () => {
    expect(runnerUrl({ protocol: 'http:', host: 'localhost:4321' })).toBe('ws://localhost:4321/__archlab/runner');
    expect(runnerUrl({ protocol: 'https:', host: 'lab.example' })).toBe('wss://lab.example/__archlab/runner');
  });

  it('opens a session of the exercise', async () => {
    const { socket } = await connected();
    expect(socket.sent[0]).toEqual({ type: 'open', id: 1, exerciseId: 'dev-vs-production/graceful-shutdown' });
  });

  it('gives up when the timeout passes and the socket never answered, and closes it', async () => {
    vi.useFakeTimers();
    try {
      const socket = new FakeSocket();
      let failure: Error | undefined;
      void LocalRuntime.create('a/b', { url: 'ws://x', createSocket: () => socket, timeoutMs: 5000 }).catch((e: Error) => (failure = e));
      await vi.advanceTimersByTimeAsync(4999);
      expect(failure).toBeUndefined();
      expect(socket.readyState).toBe(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(failure?.message).toBe('the local runner did not answer in time');
      expect(socket.readyState).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says there is no runner when the upgrade is refused', async () => {
    const socket = new FakeSocket();
    const connecting = LocalRuntime.create('a/b', { url: 'ws://x', createSocket: () => socket, timeoutMs: 1000 });
    socket.close();
    await expect(connecting).rejects.toThrow('offers no local runner');
  });

  it('routes pty output and exit to the process, and input back to the runner', async () => {
    const { socket, runtime } = await connected();
    const shell = await runtime.shell({ cols: 80, rows: 24 });
    expect(shell).toMatchObject({ id: 7, port: 4000 });
    expect(runtime.sessionId).toBe(sessionId);
    socket.push({ type: 'output', pty: 7, data: 'graceful-shutdown $ ' });
    const seen: string[] = [];
    shell.onData((d) => seen.push(d));
    socket.push({ type: 'output', pty: 8, data: 'not mine' });
    expect(seen).toEqual(['graceful-shutdown $ ']);
    shell.write('ls\r');
    expect(socket.sent.at(-1)).toEqual({ type: 'input', pty: 7, data: 'ls\r' });
    socket.push({ type: 'exit', pty: 7, code: 0, signal: null });
    expect(await shell.exit).toBe(0);
  });

  it('rejects a request with the runner’s error message, and reports messages it cannot parse', async () => {
    const { socket, runtime } = await connected();
    await expect(runtime.readFile('../x')).rejects.toMatchObject({ name: 'RunnerError', code: 'bad-path', message: /leaves the exercise folder/ });
    const notices: string[] = [];
    const invalid: string[] = [];
    runtime.onNotice((n) => notices.push(n));
    runtime.onInvalidMessage((problem, frame) => invalid.push(`${problem} in ${frame}`));
    socket.push('{"type":"output","pty":"seven"}');
    expect(notices[0]).toMatch(/does not understand/);
    expect(invalid).toEqual([expect.stringMatching(/^pty: .* in \{"type":"output","pty":"seven"\}$/)]);
  });

  it('hands each check-progress message of a Check to its listener, and resolves with the results that follow', async () => {
    const { socket, runtime } = await connected();
    const heard: CheckProgress[] = [];
    const checking = runtime.check((event) => heard.push(event));
    const { id } = socket.sent.at(-1) as Extract<ClientMessage, { type: 'check' }>;
    const test = { id: 'a', name: 'A', task_id: 't', status: 'pass' as const };
    socket.push({ type: 'check-progress', id, progress: { type: 'checks', checks: [{ id: 'a', name: 'A', task_id: 't' }] } });
    socket.push({ type: 'check-progress', id, progress: { type: 'verdict', test } });
    expect(heard.map((e) => e.type)).toEqual(['checks', 'verdict']);
    socket.push({ type: 'results', id, results: { version: 1, status: 'pass', tests: [test] } });
    expect(await checking).toEqual({ version: 1, status: 'pass', tests: [test] });
  });

  it('fails waiting requests and ends processes when the socket closes', async () => {
    const { socket, runtime } = await connected();
    const shell = await runtime.shell({ cols: 80, rows: 24 });
    const pending = runtime.check();
    const notices: string[] = [];
    runtime.onNotice((n) => notices.push(n));
    socket.close();
    await expect(pending).rejects.toThrow('connection to the local runner closed');
    expect(await shell.exit).toBeNull();
    expect(notices[0]).toMatch(/Reload the page/);
  });

  it('after losing the runner, asks until it is back and says when a restart no longer accepts this tab', async () => {
    const socket = new FakeSocket();
    runner(socket);
    const answers: RunnerAccess[] = ['absent', 'absent', 'unauthorized'];
    const probe = vi.fn(async () => answers.shift()!);
    const connecting = LocalRuntime.create('a/b', { url: 'ws://x', createSocket: () => socket, timeoutMs: 1000, probe });
    socket.open();
    const runtime = await connecting;
    const notices: string[] = [];
    const told = new Promise<void>((resolve) =>
      runtime.onNotice((n) => {
        notices.push(n);
        if (notices.length === 2) resolve();
      }),
    );
    expect(probe).not.toHaveBeenCalled();
    socket.close();
    await told;
    expect(probe).toHaveBeenCalledTimes(3);
    expect(notices[1]).toMatch(/^The local runner was restarted and no longer accepts this tab\. .*open the link that "npm start" printed.*saved edits are kept/);
  });
});

describe('probeRunner', () => {
  const answering = (ok: boolean, body: unknown) => async () => ({ ok, json: async () => body });

  it('tells a runner that accepts this browser from one that needs the link, and both from none', async () => {
    expect(await probeRunner(answering(true, { runner: true, authorized: true }))).toBe('authorized');
    expect(await probeRunner(answering(true, { runner: true, authorized: false }))).toBe('unauthorized');
    expect(await probeRunner(answering(false, '<html>404</html>'))).toBe('absent');
    expect(await probeRunner(answering(true, { runner: 'archlab', protocol: 1 }))).toBe('absent');
    expect(await probeRunner(async () => Promise.reject(new TypeError('Failed to fetch')))).toBe('absent');
  });

  it('asks without the cache, with the cookie', async () => {
    const fetchProbe = vi.fn(answering(true, { runner: true, authorized: true }));
    await probeRunner(fetchProbe);
    expect(fetchProbe).toHaveBeenCalledWith('/__archlab/runner', { cache: 'no-store', credentials: 'same-origin' });
  });

  it('stops asking once aborted', async () => {
    const stop = new AbortController();
    const waiting = waitForRunner({ probe: async () => 'absent', intervalMs: 60_000, signal: stop.signal });
    stop.abort();
    expect(await waiting).toBeNull();
  });
});
