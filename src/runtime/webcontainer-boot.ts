/**
 * Booting the page's one WebContainer. A first visit downloads the runtime, so the boot gets ~40 s (tools built on
 * WebContainer allow 30 s); offline it never settles, so it is always raced against that timeout. A boot that times
 * out keeps running: `BootTimeout.late` resolves when it finally starts, and the workspace switches over then.
 */
import type { BootOptions, WebContainer } from '@webcontainer/api';

export const WEBCONTAINER_BOOT_TIMEOUT_MS = 40_000;

/** Tied to the page's own `Cross-Origin-Embedder-Policy` (src/server/headers.ts), not left to the library's default. */
export const BOOT_OPTIONS: BootOptions = { coep: 'require-corp', workdirName: 'exercise' };

/** From https://webcontainers.io/guides/browser-support (updated February 2023). */
export const BROWSER_SUPPORT = 'WebContainer runs fully in Chrome and other Chromium browsers, and in beta in Firefox and in Safari 16.4 or later';

/** What booting uses of `@webcontainer/api` (a test passes a fake). */
export interface WebContainerModule {
  WebContainer: { boot(options: BootOptions): Promise<WebContainer> };
  configureAPIKey(key: string): void;
}

export interface BootSettings {
  timeoutMs?: number;
  /** A WebContainer API key, for deployments whose origin needs one; none by default. */
  apiKey?: string;
  load?: () => Promise<WebContainerModule>;
}

/** The boot did not finish in time but goes on; `late` resolves with the container if it ever starts. */
export class BootTimeout extends Error {
  override name = 'BootTimeout';
  readonly late: Promise<WebContainer>;
  constructor(message: string, late: Promise<WebContainer>) {
    super(message);
    this.late = late;
  }
}

let booting: Promise<WebContainer> | undefined;

/**
 * Boots the page's one WebContainer, or rejects within `timeoutMs` with a reason a learner can act on. Later calls
 * share a boot that is running or done; a boot that failed is started afresh (Retry).
 */
export function bootWebContainer(settings: BootSettings = {}): Promise<WebContainer> {
  const { timeoutMs = WEBCONTAINER_BOOT_TIMEOUT_MS, apiKey, load = () => import('@webcontainer/api') } = settings;
  if (!globalThis.crossOriginIsolated) {
    return Promise.reject(new Error('WebContainer needs a cross-origin isolated page, and this one is not (see docs/deploy.md for the headers)'));
  }
  const boot = (booting ??= load().then((api) => {
    if (apiKey) api.configureAPIKey(apiKey);
    return api.WebContainer.boot(BOOT_OPTIONS);
  }));
  boot.catch(() => {
    if (booting === boot) booting = undefined;
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    const seconds = Math.round(timeoutMs / 1000);
    const message = `WebContainer did not start within ${seconds} s and is still trying (${BROWSER_SUPPORT}, and it needs stackblitz.com reachable)`;
    timer = setTimeout(() => reject(new BootTimeout(message, boot)), timeoutMs);
  });
  const failed = boot.catch((error: unknown) => {
    throw new Error(`WebContainer could not start: ${error instanceof Error ? error.message : String(error)} (${BROWSER_SUPPORT})`);
  });
  return Promise.race([failed, timedOut]).finally(() => clearTimeout(timer));
}

/** `?boot-timeout=<seconds>` shortens or lengthens the wait (tests, slow connections); anything else is reported. */
export function bootTimeoutFromQuery(search: string): { timeoutMs?: number; problem?: string } {
  const value = new URLSearchParams(search).get('boot-timeout');
  if (value === null || value === '') return {};
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 1 && seconds <= 300) return { timeoutMs: seconds * 1000 };
  return { problem: `Ignoring ?boot-timeout=${value}: expected a number of seconds from 1 to 300.` };
}
