import { parseDocument } from 'yaml';

export type YamlResult = { ok: true; data: unknown } | { ok: false; message: string };

/** Parses YAML, reporting the first error with its line and column. */
export function parseYaml(text: string, lineOffset = 0): YamlResult {
  const doc = parseDocument(text, { prettyErrors: true });
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0];
    const where = pos ? `line ${pos.line + lineOffset}, column ${pos.col}: ` : '';
    return { ok: false, message: `invalid YAML: ${where}${err.message.split(' at line ')[0]}` };
  }
  return { ok: true, data: doc.toJS() };
}

/** The YAML frontmatter of an MDX file: the block between the opening `---` line and the next `---` line. */
export function parseFrontmatter(source: string): YamlResult {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
  if (!match) return { ok: false, message: 'missing frontmatter: the file must start with a "---" line, the fields, and a closing "---" line' };
  // +1: the YAML starts on the line after the opening `---`.
  return parseYaml(match[1] ?? '', 1);
}
