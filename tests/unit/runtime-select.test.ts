import { describe, expect, it, vi } from 'vitest';
import { attemptOrder, chooseRuntime, requestedRuntime, StopChoosing, type RuntimeAttempt } from '../../src/runtime/select.ts';
import type { SandboxRuntime } from '../../src/runtime/types.ts';
import { withTimeout } from '../../src/runtime/timeout.ts';

const fake = (kind: SandboxRuntime['kind']) => ({ kind }) as SandboxRuntime;
const ok = (kind: SandboxRuntime['kind']): RuntimeAttempt => vi.fn(async () => fake(kind));
const fails = (reason: string): RuntimeAttempt => vi.fn(async () => Promise.reject(new Error(reason)));

describe('requestedRuntime', () => {
  it('reads ?runtime= and reports values it does not know', () => {
    expect(requestedRuntime('?runtime=local')).toEqual({ requested: 'local' });
    expect(requestedRuntime('?x=1&runtime=webcontainer')).toEqual({ requested: 'webcontainer' });
    expect(requestedRuntime('')).toEqual({});
    expect(requestedRuntime('?runtime=docker').problem).toMatch(/docker.*expected "local" or "webcontainer"/);
  });
});

describe('attemptOrder', () => {
  it('follows DESIGN.md: local, then WebContainer; a request goes first; unlisted runtimes go last', () => {
    expect(attemptOrder(undefined, ['local', 'webcontainer'])).toEqual(['local', 'webcontainer']);
    expect(attemptOrder('webcontainer', ['local', 'webcontainer'])).toEqual(['webcontainer', 'local']);
    expect(attemptOrder(undefined, ['webcontainer'])).toEqual(['webcontainer', 'local']);
  });
});

describe('chooseRuntime', () => {
  it('uses the local runner when it answers and never boots WebContainer', async () => {
    const webcontainer = ok('webcontainer');
    const choice = await chooseRuntime({ allowed: ['local', 'webcontainer'], attempts: { local: ok('local'), webcontainer } });
    expect(choice.runtime?.kind).toBe('local');
    expect(choice.announcements).toEqual([]);
    expect(webcontainer).not.toHaveBeenCalled();
  });

  it('falls back from a forced WebContainer to the local runner and says which', async () => {
    const choice = await chooseRuntime({
      requested: 'webcontainer',
      allowed: ['local', 'webcontainer'],
      attempts: { local: ok('local'), webcontainer: fails('WebContainer did not start within 12 s') },
    });
    expect(choice.runtime?.kind).toBe('local');
    expect(choice.announcements).toEqual(['WebContainer was requested but did not start (WebContainer did not start within 12 s); using the local runner instead.']);
  });

  it('ends read-only with one sentence naming every reason when nothing starts', async () => {
    const choice = await chooseRuntime({
      requested: 'local',
      allowed: ['local', 'webcontainer'],
      attempts: { local: fails('the page’s server offers no local runner'), webcontainer: fails('WebContainer needs a cross-origin isolated page, and this one is not') },
    });
    expect(choice.runtime).toBeNull();
    expect(choice.announcements[0]).toMatch(/The local runner was requested but did not start/);
    expect(choice.readOnlyReason).toMatch(/^The code is read-only because .*offers no local runner.*cross-origin isolated.*npm start/);
    expect(choice.readOnlyReason!.split('. ').length).toBe(1);
  });

  it('stops at a runner that needs its link opened: read-only with that one sentence, no silent fallback', async () => {
    const webcontainer = ok('webcontainer');
    const choice = await chooseRuntime({
      allowed: ['local', 'webcontainer'],
      attempts: { local: vi.fn(async () => Promise.reject(new StopChoosing('Open the link the server printed.'))), webcontainer },
    });
    expect(choice.runtime).toBeNull();
    expect(choice.readOnlyReason).toBe('Open the link the server printed.');
    expect(webcontainer).not.toHaveBeenCalled();
  });

  it('says so, and offers the listed runtime, when the exercise does not list the one in use', async () => {
    const choice = await chooseRuntime({ allowed: ['local'], attempts: { local: fails('no runner'), webcontainer: ok('webcontainer') } });
    expect(choice.runtime?.kind).toBe('webcontainer');
    expect(choice.announcements).toEqual(['This exercise is written for the local runner; parts of it may not work in WebContainer.']);
    expect(choice.offer).toEqual(['local']);
  });

  it('prefers a listed runtime over an unlisted one that would come first', async () => {
    const local = ok('local');
    const choice = await chooseRuntime({ allowed: ['webcontainer'], attempts: { local, webcontainer: ok('webcontainer') } });
    expect(choice.runtime?.kind).toBe('webcontainer');
    expect(local).not.toHaveBeenCalled();
  });
});

describe('withTimeout', () => {
  it('rejects with the message when the promise never settles, and passes results through', async () => {
    await expect(withTimeout(new Promise(() => {}), 20, 'boot hung')).rejects.toThrow('boot hung');
    await expect(withTimeout(Promise.resolve(7), 1000, 'x')).resolves.toBe(7);
  });
});
