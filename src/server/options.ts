import { parseArgs } from 'node:util';

export interface ServerOptions {
  port: number;
  /** The address to bind: loopback unless `--host` says otherwise. */
  host: string;
  buildIfStale: boolean;
  /** `--open`: open a browser on the token link once the server listens. */
  open: boolean;
  /** Printed at start: binding beyond loopback exposes a server that runs code. */
  warnings: string[];
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * `PORT` sets the port; only an explicit `--host <addr>` widens the bind address. A `HOST` variable is ignored on
 * purpose: it is commonly set by shells and containers and must never expose the runner by accident.
 */
export function parseServerOptions(argv: string[], env: NodeJS.ProcessEnv): ServerOptions {
  const { values } = parseArgs({
    args: argv,
    options: { host: { type: 'string' }, 'build-if-stale': { type: 'boolean', default: false }, open: { type: 'boolean', default: false } },
    strict: true,
  });
  const rawPort = env.PORT ?? '4321';
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, got "${rawPort}"`);
  }
  const host = values.host ?? '127.0.0.1';
  if (host.trim() === '') throw new Error('--host needs an address, e.g. --host 0.0.0.0');
  const warnings = LOOPBACK.has(host)
    ? []
    : [
        `Listening on ${host}, not only on this machine: anyone who can reach it can open the lab.`,
        'Pages are readable by anyone; running code needs the runner cookie, which only the link printed below (its token) hands out — so share that link with no one.',
        'The token travels in plain HTTP: anyone who can watch this network can copy it. Only bind beyond loopback on a network you trust.',
      ];
  return { port, host, buildIfStale: values['build-if-stale'], open: values.open, warnings };
}
