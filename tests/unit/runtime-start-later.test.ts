import { describe, expect, it, vi } from 'vitest';
import { startLater } from '../../src/runtime/start-later.ts';

/** A promise the test settles. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('startLater', () => {
  it('switches to the sandbox when a boot that timed out starts after all', async () => {
    const boot = deferred<string>();
    const use = vi.fn(async () => {});
    startLater({ start: () => boot.promise, late: () => boot.promise, use, failed: vi.fn() });
    expect(use).not.toHaveBeenCalled();
    boot.resolve('webcontainer');
    await vi.waitFor(() => expect(use).toHaveBeenCalledWith('webcontainer'));
  });

  it('Retry tries again after a failure, reports each failure, and starts nothing once a sandbox is in use', async () => {
    const start = vi.fn<() => Promise<string>>().mockRejectedValueOnce(new Error('Unable to create more instances')).mockResolvedValue('webcontainer');
    const failed = vi.fn();
    const use = vi.fn(async () => {});
    const later = startLater({ start, late: () => undefined, use, failed });
    await later.retry();
    expect(failed).toHaveBeenCalledWith(new Error('Unable to create more instances'));
    await later.retry();
    expect(use).toHaveBeenCalledWith('webcontainer');
    await later.retry();
    expect(start).toHaveBeenCalledTimes(2);
    expect(use).toHaveBeenCalledTimes(1);
  });

  it('runs one attempt at a time: a Retry during an attempt waits for it', async () => {
    const boot = deferred<string>();
    const start = vi.fn(() => boot.promise);
    const use = vi.fn(async () => {});
    const later = startLater({ start, late: () => undefined, use, failed: vi.fn() });
    const first = later.retry();
    const second = later.retry();
    boot.resolve('webcontainer');
    await Promise.all([first, second]);
    expect(start).toHaveBeenCalledTimes(1);
    expect(use).toHaveBeenCalledTimes(1);
  });
});
