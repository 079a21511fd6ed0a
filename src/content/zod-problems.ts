import type { z } from 'zod';
import type { ContentProblem } from './problem.ts';

/** `["sources", 1, "url"]` → `sources[1].url` */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    return acc ? `${acc}.${String(key)}` : String(key);
  }, '');
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
function allowedKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: unknown = schema;
  for (const key of path) {
    node = unwrap(node);
    const def = (node as { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown } }).def;
    if (def?.type === 'object' && typeof key === 'string') node = def.shape?.[key];
    else if (def?.type === 'array' && typeof key === 'number') node = def.element;
    else return [];
  }
  const def = (unwrap(node) as { def?: { type?: string; shape?: Record<string, unknown> } }).def;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

function unwrap(node: unknown): unknown {
  let cur = node as { def?: { type?: string; innerType?: unknown; in?: unknown } } | undefined;
  while (cur?.def && ['optional', 'default', 'nullable', 'pipe', 'prefault'].includes(cur.def.type ?? '')) {
    cur = (cur.def.innerType ?? cur.def.in) as typeof cur;
  }
  return cur;
}

/** Turns zod issues into problems that name the field and say what was expected, in plain words. */
export function zodProblems(file: string, schema: z.ZodType, error: z.ZodError): ContentProblem[] {
  return error.issues.flatMap((issue): ContentProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(schema, issue.path);
      return issue.keys.map((key) => {
        const guess = closest(key, allowed);
        const hint = guess ? ` — did you mean "${guess}"?` : allowed.length ? ` (allowed: ${allowed.join(', ')})` : '';
        return { file, field: fieldPath([...issue.path, key]), message: `unknown field${hint}` };
      });
    }
    const field = fieldPath(issue.path) || undefined;
    let message = issue.message.replace(/^Invalid input: /, '');
    if (issue.code === 'invalid_type' && /received undefined$/.test(message)) {
      message = `required field is missing (expected ${issue.expected})`;
    } else if (issue.code === 'invalid_value' && 'values' in issue) {
      message = `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    }
    return [{ file, field, message }];
  });
}
