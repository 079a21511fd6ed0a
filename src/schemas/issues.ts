/**
 * The one way zod issues are put into words: each issue names its field (`sources[1].url`, `files["../x"]`) and
 * what was expected, unknown keys with a "did you mean" when the schema allows a close one.
 */
import type { z } from 'zod';

export interface IssueProblem {
  /** The field's path, e.g. `order`, `sources[1].url` or `files["../x"]`; empty for the value itself. */
  field: string;
  message: string;
}

/** `["sources", 1, "url"]` → `sources[1].url`; a key that is not a plain name is quoted: `files["../x"]`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => {
      if (typeof key === 'number') return `[${key}]`;
      const name = String(key);
      if (/^[A-Za-z_$][\w$]*$/.test(name)) return i === 0 ? name : `.${name}`;
      return `[${JSON.stringify(name)}]`;
    })
    .join('');
}

/** Closest allowed key by edit distance, for "did you mean" on typos. */
function closest(key: string, allowed: readonly string[]): string | undefined {
  let best: { key: string; d: number } | undefined;
  for (const candidate of allowed) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d <= Math.max(2, Math.floor(candidate.length / 3)) && (!best || d < best.d)) best = { key: candidate, d };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** Keys a strict object schema at `path` allows, for naming them next to an unknown key. */
function allowedKeys(schema: z.ZodType | undefined, path: readonly PropertyKey[]): string[] {
  let node: unknown = schema;
  for (const key of path) {
    node = unwrap(node);
    const def = (node as { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown } }).def;
    if (def?.type === 'object' && typeof key === 'string') node = def.shape?.[key];
    else if (def?.type === 'array' && typeof key === 'number') node = def.element;
    else return [];
  }
  const def = (unwrap(node) as { def?: { type?: string; shape?: Record<string, unknown> } } | undefined)?.def;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

function unwrap(node: unknown): unknown {
  let cur = node as { def?: { type?: string; innerType?: unknown; in?: unknown } } | undefined;
  while (cur?.def && ['optional', 'default', 'nullable', 'pipe', 'prefault'].includes(cur.def.type ?? '')) {
    cur = (cur.def.innerType ?? cur.def.in) as typeof cur;
  }
  return cur;
}

/** Every issue as a field and a plain-words message. Pass the schema that failed to name the allowed keys. */
export function issueProblems(error: z.ZodError, schema?: z.ZodType): IssueProblem[] {
  return error.issues.flatMap((issue): IssueProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(schema, issue.path);
      return issue.keys.map((key) => {
        const guess = closest(key, allowed);
        const hint = guess ? ` — did you mean "${guess}"?` : allowed.length ? ` (allowed: ${allowed.join(', ')})` : '';
        return { field: fieldPath([...issue.path, key]), message: `unknown field${hint}` };
      });
    }
    // A bad record key (a path in a file map) carries the reason one level down.
    let message = (issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message).replace(/^Invalid input: /, '');
    if (issue.code === 'invalid_type' && /received undefined$/.test(message)) {
      message = `required field is missing (expected ${issue.expected})`;
    } else if (issue.code === 'invalid_value' && 'values' in issue) {
      message = `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    }
    return [{ field: fieldPath(issue.path), message }];
  });
}

/**
 * `field: problem; field: problem` in one line, at most `limit` issues (and how many more). `whole` names the value
 * itself when an issue is about it rather than a field of it.
 */
export function describeIssues(error: z.ZodError, options: { schema?: z.ZodType; limit?: number; whole?: string } = {}): string {
  const problems = issueProblems(error, options.schema).map((p) => (p.field || options.whole ? `${p.field || options.whole}: ${p.message}` : p.message));
  const limit = options.limit ?? 3;
  const more = problems.length > limit ? ` (and ${problems.length - limit} more)` : '';
  return `${problems.slice(0, limit).join('; ')}${more}`;
}
