/**
 * A sandbox that failed to start on a page left read-only may still come: a WebContainer boot that timed out goes
 * on, and the page switches to it when it starts; Retry starts a failed boot afresh, or waits again for one still
 * going. One attempt at a time, and once a sandbox is in use no other is started.
 */
export interface StartLater<R> {
  /** One attempt; rejects with the reason. */
  start(): Promise<R>;
  /** After a failed attempt: resolves when its boot, still going, has started (undefined when none goes on). */
  late(): Promise<unknown> | undefined;
  use(runtime: R): Promise<void>;
  failed(error: Error): void;
}

/** Watches the first failure's late boot at once; `retry` is for the learner's Retry. */
export function startLater<R>(options: StartLater<R>): { retry(): Promise<void> } {
  let done = false;
  let attempt: Promise<void> | undefined;
  const retry = (): Promise<void> => {
    if (done) return Promise.resolve();
    return (attempt ??= options
      .start()
      .then(
        (runtime) => {
          done = true;
          return options.use(runtime);
        },
        (error: unknown) => {
          options.failed(error instanceof Error ? error : new Error(String(error)));
          watch();
        },
      )
      .finally(() => (attempt = undefined)));
  };
  const watch = () =>
    void options.late()?.then(
      () => void retry(),
      () => {},
    );
  watch();
  return { retry };
}
