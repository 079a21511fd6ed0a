/** Messages in arrival order, with waits that also find a message that arrived before the wait began. */

interface Waiter<T> {
  test(message: T): boolean;
  resolve(message: T): void;
  reject(error: Error): void;
}

export class MessageLog<T> {
  readonly #messages: T[] = [];
  #waiters: Waiter<T>[] = [];
  #failed: Error | null = null;

  /** How many messages have arrived; pass it as `after` to wait only for later ones. */
  get size(): number {
    return this.#messages.length;
  }

  push(message: T): void {
    this.#messages.push(message);
    const matched = this.#waiters.filter((w) => w.test(message));
    this.#waiters = this.#waiters.filter((w) => !matched.includes(w));
    for (const waiter of matched) waiter.resolve(message);
  }

  /** No more messages will come: pending and later waits reject with `error`. */
  fail(error: Error): void {
    this.#failed ??= error;
    for (const waiter of this.#waiters) waiter.reject(error);
    this.#waiters = [];
  }

  /**
   * The first message from index `after` on that passes `test` (each message is tested once, in order, so `test`
   * may accumulate state). Rejects naming `what` after `timeoutMs`.
   */
  waitFor<M extends T>(test: ((m: T) => m is M) | ((m: T) => boolean), what: string, timeoutMs: number, after = 0): Promise<M> {
    const seen = this.#messages.slice(after).find(test);
    if (seen !== undefined) return Promise.resolve(seen as M);
    if (this.#failed) return Promise.reject(this.#failed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${what} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      const waiter: Waiter<T> = {
        test,
        resolve: (m) => (clearTimeout(timer), resolve(m as M)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      };
      this.#waiters.push(waiter);
    });
  }
}
