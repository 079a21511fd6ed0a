/**
 * Check workers started ahead of their checks. Starting Node (inside a fresh PID namespace, under the permission
 * model) is most of what a check costs when the check itself is quick; a worker started while the checks are being
 * listed, or while the check before runs, has that behind it when its check comes up. Only as many are kept warm as
 * checks remain to start, so none is started for nothing once the list is known.
 */
import type { SpawnedWorker } from './run-worker.ts';

export class WarmWorkers<W extends SpawnedWorker = SpawnedWorker> {
  readonly #spawn: () => W;
  readonly #keep: number;
  readonly #idle: W[] = [];
  /** Checks not yet handed a worker; unknown (only the first is warmed) until `expect` is called. */
  #toStart = 1;

  /** `spawn` starts one worker; at most `keep` wait at a time. `ready`: workers started earlier, taken first. */
  constructor(spawn: () => W, keep: number, ready: readonly W[] = []) {
    this.#spawn = spawn;
    this.#keep = Math.max(1, keep);
    this.#idle.push(...ready);
    this.#fill();
  }

  /** The number of checks that will ask for a worker. */
  expect(checks: number): void {
    this.#toStart = checks;
    this.#fill();
  }

  /** A worker for the next check: a warm one when there is one, else one started now. */
  take(): W {
    this.#toStart = Math.max(0, this.#toStart - 1);
    const worker = this.#idle.shift() ?? this.#spawn();
    this.#fill();
    return worker;
  }

  /** Ends the workers nobody took. */
  async close(): Promise<void> {
    this.#toStart = 0;
    await Promise.all(this.#idle.splice(0).map((worker) => worker.discard()));
  }

  #fill(): void {
    while (this.#idle.length < Math.min(this.#keep, this.#toStart)) this.#idle.push(this.#spawn());
  }
}
