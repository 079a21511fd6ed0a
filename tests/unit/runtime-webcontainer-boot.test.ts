import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeContainer, fakeWebContainerModule } from './fake-webcontainer.ts';

/** The boot module afresh: it holds the page's one boot. */
const bootModule = async () => {
  vi.resetModules();
  return import('../../src/runtime/webcontainer-boot.ts');
};

describe('bootWebContainer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('crossOriginIsolated', true);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('waits for a first visit’s 30 s boot, passing coep: require-corp and no API key unless one is set', async () => {
    const { bootWebContainer } = await bootModule();
    const container = new FakeContainer();
    const fake = fakeWebContainerModule(container, 30_000);
    const booted = bootWebContainer({ load: async () => fake.module });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(await booted).toBe(container);
    expect(fake.boots).toEqual([{ coep: 'require-corp', workdirName: 'exercise' }]);
    expect(fake.keys).toEqual([]);
  });

  it('configures the API key before booting when the deployment has one', async () => {
    const { bootWebContainer } = await bootModule();
    const fake = fakeWebContainerModule(new FakeContainer(), 10);
    const booted = bootWebContainer({ apiKey: 'wc_api_public_key', load: async () => fake.module });
    await vi.advanceTimersByTimeAsync(10);
    await booted;
    expect(fake.keys).toEqual(['wc_api_public_key']);
  });

  it('times out naming browser support, keeps booting, and hands over the container when it starts late', async () => {
    const { bootWebContainer, BootTimeout, WEBCONTAINER_BOOT_TIMEOUT_MS } = await bootModule();
    const container = new FakeContainer();
    const fake = fakeWebContainerModule(container, 50_000);
    const booted = bootWebContainer({ load: async () => fake.module });
    const timedOut = expect(booted).rejects.toBeInstanceOf(BootTimeout);
    await vi.advanceTimersByTimeAsync(WEBCONTAINER_BOOT_TIMEOUT_MS);
    await timedOut;
    const error = (await booted.catch((e: unknown) => e)) as InstanceType<typeof BootTimeout>;
    expect(error.message).toMatch(/did not start within 40 s and is still trying \(.*Chrome.*Firefox.*Safari 16\.4/);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await error.late).toBe(container);
    // A Retry after the late start shares that boot instead of starting another.
    expect(await bootWebContainer({ load: async () => fake.module })).toBe(container);
    expect(fake.boots).toHaveLength(1);
  });

  it('starts afresh on the next call after a boot that failed', async () => {
    const { bootWebContainer } = await bootModule();
    const fake = fakeWebContainerModule(new FakeContainer(), 10);
    const boot = vi.spyOn(fake.module.WebContainer, 'boot').mockRejectedValueOnce(new Error('Unable to create more instances'));
    await expect(bootWebContainer({ load: async () => fake.module })).rejects.toThrow(/could not start: Unable to create more instances \(.*Safari 16\.4/);
    const second = bootWebContainer({ load: async () => fake.module });
    await vi.advanceTimersByTimeAsync(10);
    await second;
    expect(boot).toHaveBeenCalledTimes(2);
  });

  it('refuses at once on a page that is not cross-origin isolated', async () => {
    vi.stubGlobal('crossOriginIsolated', false);
    const { bootWebContainer } = await bootModule();
    await expect(bootWebContainer()).rejects.toThrow(/cross-origin isolated/);
  });
});

describe('bootTimeoutFromQuery', () => {
  it('reads ?boot-timeout= in seconds and reports values out of range', async () => {
    const { bootTimeoutFromQuery } = await bootModule();
    expect(bootTimeoutFromQuery('?boot-timeout=5')).toEqual({ timeoutMs: 5000 });
    expect(bootTimeoutFromQuery('?runtime=local')).toEqual({});
    expect(bootTimeoutFromQuery('?boot-timeout=0').problem).toMatch(/boot-timeout=0: expected a number of seconds from 1 to 300/);
    expect(bootTimeoutFromQuery('?boot-timeout=soon').problem).toMatch(/soon/);
  });
});
