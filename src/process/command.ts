/**
 * Turning an exercise's `main` (e.g. `node server.js --verbose`) into an argv. No shell is involved: signals sent
 * to the process reach the program itself, not a shell in front of it. Words are split on whitespace; quotes,
 * pipes and variables are not interpreted.
 */
export function commandWords(command: string): [string, ...string[]] {
  const [program, ...args] = command.trim().split(/\s+/).filter(Boolean);
  if (!program) throw new Error('expected a command such as "node server.js", got an empty one');
  return [program, ...args];
}

/** `commandWords`, run with the same Node as the caller, whatever `node` on PATH would be. */
export function commandArgv(command: string): [string, ...string[]] {
  const [program, ...args] = commandWords(command);
  return [program === 'node' ? process.execPath : program, ...args];
}
