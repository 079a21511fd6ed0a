/** The environment learner code gets: a few harmless variables from the host, never its tokens or keys. */
import path from 'node:path';

/** Variables passed through from the host's environment; everything else is left out. */
const INHERITED = ['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'TMPDIR'];

export function inheritedEnv(source: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = source[name];
    if (value !== undefined) env[name] = value;
  }
  // Sandbox programs run on this process's Node, whatever else is on PATH.
  env.PATH = [path.dirname(process.execPath), env.PATH ?? '/usr/local/bin:/usr/bin:/bin'].join(path.delimiter);
  env.LANG ??= 'C.UTF-8';
  return env;
}
