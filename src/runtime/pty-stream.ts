import { Listeners } from './listeners.ts';
import type { PtyProcess } from './types.ts';

/**
 * Output of a pty before anyone listens is kept and handed to the first listener, so nothing printed between
 * spawning and attaching a terminal is lost.
 */
export class PtyOutput {
  readonly #listeners = new Listeners<[string]>();
  #early: string[] | undefined = [];

  push(data: string): void {
    if (this.#early) this.#early.push(data);
    else this.#listeners.emit(data);
  }

  onData(listener: (data: string) => void): () => void {
    const remove = this.#listeners.add(listener);
    const early = this.#early;
    if (early) {
      this.#early = undefined;
      for (const chunk of early) listener(chunk);
    }
    return remove;
  }
}

/** A `PtyProcess` from its parts; each runtime supplies how to write, resize and kill. */
export function ptyProcess(
  output: PtyOutput,
  exit: Promise<number | null>,
  control: { write(data: string): void; resize(cols: number, rows: number): void; kill(): void },
): PtyProcess {
  return {
    onData: (listener) => output.onData(listener),
    write: (data) => control.write(data),
    resize: (cols, rows) => control.resize(cols, rows),
    kill: () => control.kill(),
    exit,
  };
}
