/**
 * `npm start -- --open`: opens the learner's browser on the token link. `BROWSER` (the variable Python's
 * `webbrowser` and many CLIs honour) names the program to use, which also lets tests put a recorder in its place;
 * otherwise the platform's own opener.
 */
import { spawn } from 'node:child_process';

function opener(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): { command: string; args: string[] } {
  if (env.BROWSER) return { command: env.BROWSER, args: [] };
  if (platform === 'darwin') return { command: 'open', args: [] };
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""'] };
  return { command: 'xdg-open', args: [] };
}

/** Starts the opener on `url`; resolves with a sentence saying why it failed, or null once it started. */
export function openBrowser(url: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Promise<string | null> {
  const { command, args } = opener(env, platform);
  return new Promise((resolve) => {
    const child = spawn(command, [...args, url], { stdio: ['ignore', 'inherit', 'inherit'], detached: platform !== 'win32' });
    child.once('error', (error) => resolve(`could not start "${command}" to open a browser (${error.message})`));
    child.once('spawn', () => {
      child.unref();
      resolve(null);
    });
  });
}
