import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export interface FoundBrowser {
  path: string;
  source: 'PLAYWRIGHT_CHROMIUM' | 'system' | 'playwright';
}

const systemPaths = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium tests use: `PLAYWRIGHT_CHROMIUM`, else a system Chromium, else Playwright's own download. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): FoundBrowser | undefined {
  if (env.PLAYWRIGHT_CHROMIUM) {
    if (!existsSync(env.PLAYWRIGHT_CHROMIUM)) throw new Error(`PLAYWRIGHT_CHROMIUM is set to ${env.PLAYWRIGHT_CHROMIUM}, which does not exist`);
    return { path: env.PLAYWRIGHT_CHROMIUM, source: 'PLAYWRIGHT_CHROMIUM' };
  }
  const system = systemPaths.find((p) => existsSync(p));
  if (system) return { path: system, source: 'system' };
  const own = chromium.executablePath();
  return own && existsSync(own) ? { path: own, source: 'playwright' } : undefined;
}

/** Flags that keep Chromium quiet and working on a machine without a network or a GPU. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
