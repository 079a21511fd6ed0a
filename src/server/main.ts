// `npm start` (with --build-if-stale) and `npm run preview`: the built site plus the local runner on one port.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRunner, type AttachedRunner } from '../runner/index.ts';
import { parseServerOptions } from './options.ts';
import { RUNNER_PATH } from '../schemas/runner.ts';
import { tokenForStart, tokenLink } from '../runner/token.ts';
import { openBrowser } from './open-browser.ts';
import { createSiteServer } from './site-server.ts';
import { isBuildStale } from './stale.ts';

const root = resolve(import.meta.dirname, '../..');
const distDir = join(root, 'dist');

let options;
let token: string;
try {
  options = parseServerOptions(process.argv.slice(2), process.env);
  token = tokenForStart(process.env);
} catch (error) {
  console.error(`archlab: ${(error as Error).message}`);
  process.exit(2);
}

if (options.buildIfStale && isBuildStale(root, distDir)) {
  console.log('archlab: sources changed since the last build; building the site…');
  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('archlab: the build failed (see above); not starting the server.');
    process.exit(1);
  }
}
if (!existsSync(join(distDir, 'index.html'))) {
  console.error('archlab: dist/ has no built site. Run `npm run build` first, or use `npm start`, which builds when needed.');
  process.exit(1);
}

const { server, attach } = createSiteServer(distDir);
let runner: AttachedRunner | undefined;
server.on('error', (error: NodeJS.ErrnoException) => {
  const hint = error.code === 'EADDRINUSE' ? ` Port ${options.port} is in use; set PORT to another port.` : '';
  console.error(`archlab: could not listen on ${options.host}:${options.port}: ${error.message}.${hint}`);
  process.exit(1);
});
server.listen(options.port, options.host, async () => {
  for (const warning of options.warnings) console.warn(`archlab: warning: ${warning}`);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  runner = await createRunner({ port, bindHost: options.host, repoRoot: root, token });
  attach(runner);
  // A wildcard bind is not an address a browser can open (nor one the Host check accepts); this machine's name is.
  const shown = ['127.0.0.1', '0.0.0.0', '::'].includes(options.host) ? 'localhost' : options.host.includes(':') ? `[${options.host}]` : options.host;
  const link = tokenLink(`http://${shown}:${port}`, token);
  console.log(`archlab: serving the lab on http://${shown}:${port}/ (local runner at ${RUNNER_PATH})`);
  // The only line that shows the token: the link sets the runner cookie in the browser that opens it.
  console.log(`archlab: open this link to edit, run and check code here (it carries this start's token):\n\n    ${link}\n`);
  if (options.open) {
    const problem = await openBrowser(link);
    if (problem) console.warn(`archlab: ${problem}; open the link above yourself.`);
  }
});

let closing = false;
function shutdown(signal: string): void {
  if (closing) return;
  closing = true;
  console.log(`archlab: ${signal} received, shutting down`);
  // The runner ends every sandbox's whole process tree before the server goes.
  void (runner?.close() ?? Promise.resolve()).finally(() => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  });
  setTimeout(() => {
    server.closeAllConnections();
    process.exit(0);
  }, 5000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
