/**
 * PID namespaces for sandbox processes (Linux). A pty or check worker starts as
 * `unshare --pid --fork --kill-child /bin/sh -c 'trap : INT; "$@"; exit $?' archlab-init <program…>`: unshare forks the
 * init, PID 1 of a fresh namespace, and the init starts the program as its child. Killing the process group the
 * caller started kills unshare, `--kill-child` then SIGKILLs the init, and when PID 1 dies the kernel kills every
 * process left in its namespace — also those that called `setsid` and dropped the marker (see marker.ts), which
 * neither the group nor `/proc` can find.
 *
 * Why an init in front of the program: PID 1 ignores every signal it has no handler for, so a program there
 * would shrug off SIGTERM and Ctrl+C. The init is a shell waiting for its one command, which runs in the same
 * process group: a signal to the group (a terminal's Ctrl+C, a kill of the group the caller holds) reaches the
 * program directly and once, exactly as without a namespace, while the init, as PID 1, ignores it. So the init
 * forwards nothing (that would deliver each such signal twice), and signals go to the group, never to unshare
 * alone: unshare blocks SIGINT and SIGTERM and forwards nothing either. While it
 * waits, the shell reaps every child, orphans included. Its exit status is the program's, or 128 + the signal's
 * number when a signal ended the program: a PID 1 cannot re-raise it.
 *
 * Where namespaces are unavailable (not Linux, no unshare, not permitted) or disabled with
 * `ARCHLAB_NO_PID_NAMESPACE=1`, programs start directly and only groups and markers reach them.
 */
import { spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { spawnInGroup } from './process-group.ts';

/** Set to `1` to start sandbox processes without a PID namespace (the marker fallback). */
export const NO_PID_NAMESPACE_VARIABLE = 'ARCHLAB_NO_PID_NAMESPACE';

/**
 * The init: runs its arguments as a child (not `exec`: the program must not be PID 1) and exits with its status.
 * The empty trap keeps a shell that saw Ctrl+C while it waited from ending with 130 after a program that handled
 * it and exited by itself; a caught signal is reset to the default for the program.
 */
const INIT = ['/bin/sh', '-c', 'trap : INT; "$@"; exit $?', 'archlab-init'];

/** As root a plain PID namespace; otherwise one inside a user namespace that maps the caller to itself. */
const ATTEMPTS = [
  ['--pid', '--fork', '--kill-child'],
  ['--map-current-user', '--pid', '--fork', '--kill-child'],
];

export interface Isolation {
  mode: 'pid-namespace' | 'marker';
  /** One line for the log saying how sandbox processes are contained. */
  description: string;
  /** Words put before a program's argv; empty for the marker mode. */
  prefix: readonly string[];
}

function findUnshare(): string | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).concat('/usr/bin', '/bin');
  return dirs.map((dir) => path.join(dir, 'unshare')).find((file) => path.isAbsolute(file) && existsSync(file));
}

function markerOnly(reason: string): Isolation {
  return {
    mode: 'marker',
    description:
      `sandbox processes run without a PID namespace (${reason}); they are found by process group and by the ARCHLAB_SANDBOX ` +
      'variable, so one that drops the variable and calls setsid can outlive its sandbox',
    prefix: [],
  };
}

function probe(): Isolation {
  if (process.platform !== 'linux') return markerOnly(`PID namespaces exist only on Linux, this is ${process.platform}`);
  const unshare = findUnshare();
  if (!unshare) return markerOnly('the unshare command of util-linux was not found');
  const failures: string[] = [];
  for (const flags of ATTEMPTS) {
    const prefix = [unshare, ...flags, ...INIT];
    // The init's exit status must be its child's: a distinctive one proves unshare, the init and the child all ran.
    const result = spawnSync(prefix[0]!, [...prefix.slice(1), '/bin/sh', '-c', 'exit 42'], { encoding: 'utf8', timeout: 10_000 });
    if (result.status === 42) {
      return { mode: 'pid-namespace', description: `sandbox processes run in their own PID namespace (unshare ${flags.join(' ')})`, prefix };
    }
    const why = result.error?.message ?? (result.stderr.trim().split('\n').at(-1) || `exit status ${result.status ?? result.signal}`);
    failures.push(`unshare ${flags[0]}…: ${why}`);
  }
  return markerOnly(failures.join('; '));
}

let probed: Isolation | undefined;

/** How sandbox processes are contained: probed once per process, unless disabled by the environment. */
export function pidIsolation(): Isolation {
  if (process.env[NO_PID_NAMESPACE_VARIABLE] === '1') return markerOnly(`${NO_PID_NAMESPACE_VARIABLE}=1`);
  return (probed ??= probe());
}

/** `file` and `args` as started in a namespace of their own, when namespaces are available. */
export function isolatedCommand(file: string, args: readonly string[]): { file: string; args: string[] } {
  const [first, ...rest] = [...pidIsolation().prefix, file, ...args];
  return { file: first!, args: rest };
}

/** `spawnInGroup` with the child in a PID namespace of its own (see above). */
export function spawnIsolated(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  const isolated = isolatedCommand(command, args);
  return spawnInGroup(isolated.file, isolated.args, options);
}
