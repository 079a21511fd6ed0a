/** Reading Node's report of an uncaught error (as printed to stderr) for the location and the error line. */

/**
 * `"/tmp/x/server.js:3: SyntaxError: Unexpected token ';'"` from Node's crash output, or undefined when the
 * output holds no error. The location is Node's header line, or else the first stack frame inside `dir` (the
 * learner's line rather than Node's internals). Paths stay absolute; the grading process shortens them.
 */
export function summarizeNodeError(output: string, dir = ''): string | undefined {
  const lines = output.split('\n');
  const error = lines.find((line) => /^[A-Z]\w*(?:Error|Exception)\b/.test(line));
  if (!error) return undefined;
  const header = lines.map((line) => /^(?:file:\/\/)?(\/.*?:\d+)$/.exec(line.trim())?.[1]).find((path) => path?.startsWith(dir));
  const frame = lines.map((line) => /^\s+at (?:.*\()?(?:file:\/\/)?(\/[^():]+:\d+):\d+\)?$/.exec(line)?.[1]).find((path) => dir && path?.startsWith(dir));
  const location = header ?? frame;
  return location ? `${location}: ${error.trim()}` : error.trim();
}

/** The source line and caret Node prints under the location of a syntax error, if present. */
export function sourceExcerpt(output: string): string | undefined {
  const lines = output.split('\n');
  const caret = lines.findIndex((line) => /^\s*\^+\s*$/.test(line));
  return caret > 0 ? `${lines[caret - 1]}\n${lines[caret]}` : undefined;
}
