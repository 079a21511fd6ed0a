/** Reading Node's report of an uncaught error (as printed to stderr) for the location and the error line. */

/**
 * `"/tmp/x/server.js:3: SyntaxError: Unexpected token ';'"` from Node's crash output, or undefined when the
 * output holds no error. Paths are left absolute; the grading process shortens them for the learner.
 */
export function summarizeNodeError(output: string): string | undefined {
  const lines = output.split('\n');
  const error = lines.find((line) => /^[A-Z]\w*(?:Error|Exception)\b/.test(line));
  if (!error) return undefined;
  const location = lines.map((line) => /^(?:file:\/\/)?(\/.*?:\d+)$/.exec(line.trim())?.[1]).find(Boolean);
  return location ? `${location}: ${error.trim()}` : error.trim();
}

/** The source line and caret Node prints under the location of a syntax error, if present. */
export function sourceExcerpt(output: string): string | undefined {
  const lines = output.split('\n');
  const caret = lines.findIndex((line) => /^\s*\^+\s*$/.test(line));
  return caret > 0 ? `${lines[caret - 1]}\n${lines[caret]}` : undefined;
}
