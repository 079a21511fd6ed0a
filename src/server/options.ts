import { parseArgs } from 'node:util';

export interface ServerOptions {
  port: number;
  /** The address to bind: loopback unless `--host` says otherwise. */
  host: string;
  buildIfStale: boolean;
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
    options: { host: { type: 'string' }, 'build-if-stale': { type: 'boolean', default: false } },
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
        'The local runner still requires the per-start token cookie, but only bind beyond loopback on a network you trust.',
      ];
  return { port, host, buildIfStale: values['build-if-stale'], warnings };
}
