import { randomBytes } from 'node:crypto';
import { defineConfig } from '@playwright/test';
import { chromiumArgs, findChromium } from './scripts/lib/find-chromium.ts';

const port = Number(process.env.E2E_PORT ?? 4399);
const browser = findChromium();
// One runner token for the server and the tests (tests/e2e/helpers open the token link first). Set here, before
// the workers start, so they inherit this value instead of making their own.
process.env.ARCHLAB_TOKEN ??= `e2e-${randomBytes(24).toString('base64url')}`;

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: 'list',
  use: {
    baseURL: `http://localhost:${port}`,
    launchOptions: { executablePath: browser?.path, args: chromiumArgs },
    trace: 'off',
  },
  webServer: {
    command: 'npm start',
    env: { PORT: String(port), ASTRO_TELEMETRY_DISABLED: '1', ARCHLAB_TOKEN: process.env.ARCHLAB_TOKEN },
    url: `http://localhost:${port}/`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
});
