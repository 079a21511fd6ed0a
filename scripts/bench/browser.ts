/** The Chromium the browser tests use, launched for the bench. */
import { chromium, type Browser } from '@playwright/test';
import { chromiumArgs, findChromium } from '../lib/find-chromium.ts';
import { NotMeasured } from './not-measured.ts';

export async function launchChromium(): Promise<Browser> {
  const found = findChromium();
  if (!found) throw new NotMeasured('no Chromium found (set PLAYWRIGHT_CHROMIUM, install /usr/bin/chromium, or run `npm run test:e2e` once to install one)');
  return chromium.launch({ executablePath: found.path, args: chromiumArgs });
}
