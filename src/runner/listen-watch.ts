/** Noticing when a sandbox program starts listening. */
import { accepts } from '../process/ports.ts';

/**
 * Polls `port` until it accepts connections, then calls `onReady` once. Stops when `stillWanted` turns false.
 * Polling starts quick (a small server listens within tens of milliseconds) and backs off to 250 ms.
 */
export async function watchForListener(port: number, stillWanted: () => boolean, onReady: () => void): Promise<void> {
  let delay = 20;
  while (stillWanted()) {
    if (await accepts(port)) {
      if (stillWanted()) onReady();
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(250, delay * 1.5);
  }
}
