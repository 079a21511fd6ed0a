/**
 * A process on a pseudo-terminal inside a session folder: an interactive shell, or exercise.json's `main`.
 * Each gets a small, predictable environment (not the runner's), the session's marker, and its own `PORT`.
 */
import { spawn, type IPty } from '@lydell/node-pty';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { withMarker } from '../process/marker.ts';
import { isolatedCommand } from '../process/pid-namespace.ts';
import { inheritedEnv } from '../process/sandbox-env.ts';

function findShell(): { file: string; args: string[] } {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).concat('/bin', '/usr/bin');
  for (const dir of dirs) {
    const bash = path.join(dir, 'bash');
    // No rc files: every learner gets the same prompt and no surprises from the machine's shell setup.
    if (dir && existsSync(bash)) return { file: bash, args: ['--noprofile', '--norc'] };
  }
  return { file: '/bin/sh', args: [] };
}

const shell = findShell();

const signalNames = new Map<number, string>(Object.entries(constants.signals).map(([name, number]) => [number, name]));

export interface PtyRequest {
  /** `shell`: interactive; otherwise the command line to run (through the shell). */
  command: 'shell' | { run: string };
  cwd: string;
  port: number;
  marker: string;
  cols: number;
  rows: number;
}

export function sandboxEnv(port: number, marker: string): Record<string, string> {
  const env = inheritedEnv();
  env.TERM = 'xterm-256color';
  env.COLORTERM = 'truecolor';
  env.PORT = String(port);
  env.PS1 = '\\[\\e[1;36m\\]\\W\\[\\e[0m\\] \\$ ';
  return withMarker(env, marker) as Record<string, string>;
}

export function spawnSandboxPty(request: PtyRequest): IPty {
  const { file, args } = isolatedCommand(shell.file, request.command === 'shell' ? shell.args : ['-c', request.command.run]);
  return spawn(file, args, {
    name: 'xterm-256color',
    cols: request.cols,
    rows: request.rows,
    cwd: request.cwd,
    env: sandboxEnv(request.port, request.marker),
  });
}

export function signalName(signal: number | undefined): string | null {
  return signal ? (signalNames.get(signal) ?? String(signal)) : null;
}
