// Makes sure a Chromium exists for the browser tests, installing one when none is found, and says what it did.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from './lib/find-chromium.ts';

function run(command: string, args: string[]): boolean {
  console.log(`$ ${command} ${args.join(' ')}`);
  return spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
}

const found = findChromium();
if (found) {
  console.log(`Chromium for tests: ${found.path} (${found.source})`);
  process.exit(0);
}

const isRoot = process.getuid?.() === 0;
const isDebian = existsSync('/etc/debian_version');
console.log('No Chromium found (PLAYWRIGHT_CHROMIUM, /usr/bin/chromium, Playwright browsers); installing one.');
const installed =
  isRoot && isDebian
    ? run('apt-get', ['update']) && run('apt-get', ['install', '-y', 'chromium'])
    : run('npx', ['playwright', 'install', 'chromium']);
const after = installed ? findChromium() : undefined;
if (!after) {
  console.error('Could not install Chromium. Install it yourself and set PLAYWRIGHT_CHROMIUM to its path.');
  process.exit(1);
}
console.log(`Installed Chromium for tests: ${after.path}`);
