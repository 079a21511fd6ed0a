import { z } from 'zod';
import { describe, expect, it, vi } from 'vitest';
import { fileMapSchema } from '../../src/schemas/files.ts';
import { describeIssues, fieldPath } from '../../src/schemas/issues.ts';
import { fetchPayload, filesPayloadSchema } from '../../src/schemas/payloads.ts';

describe('describeIssues', () => {
  it('names each field the way it would be written in code', () => {
    expect(fieldPath(['sources', 1, 'url'])).toBe('sources[1].url');
    expect(fieldPath(['files', '../x'])).toBe('files["../x"]');
    expect(fieldPath([])).toBe('');
  });

  it('gives the reason of a bad key, a "did you mean" for an unknown one, and counts what it leaves out', () => {
    const schema = z.strictObject({ files: fileMapSchema, title: z.string() });
    const bad = schema.safeParse({ files: { '../x': '' }, title: 'x', titel: 'x', extra: 1, more: 2 });
    expect(bad.success).toBe(false);
    const text = describeIssues(bad.error!, { schema, limit: 2 });
    expect(text).toMatch(/^files\["\.\.\/x"\]: expected a relative path/);
    expect(text).toContain('titel: unknown field — did you mean "title"?');
    expect(text).toMatch(/\(and 2 more\)$/);
  });

  it('names the value itself when asked', () => {
    const bad = z.strictObject({ a: z.string() }).safeParse(null);
    expect(describeIssues(bad.error!, { whole: 'message' })).toMatch(/^message: expected object/);
  });
});

describe('fetchPayload', () => {
  const answer = (body: string, status = 200) => vi.fn(async () => new Response(body, { status })) as unknown as typeof fetch;
  const good = { starter: { 'a.js': '1' }, solution: {}, starterHash: 'a'.repeat(64), grading: { files: {}, gradeSeconds: 20, harnessUrl: '/h' } };

  it('returns a payload that matches its schema', async () => {
    expect(await fetchPayload('files.json', filesPayloadSchema, 'the exercise files', answer(JSON.stringify(good)))).toEqual({ ...good, packages: [] });
  });

  it('refuses a payload that does not match, naming the URL and the field', async () => {
    const broken = JSON.stringify({ ...good, starter: { 'a.js': 1 } });
    await expect(fetchPayload('files.json', filesPayloadSchema, 'the exercise files', answer(broken))).rejects.toThrow(
      /^files\.json is not the exercise files: starter\["a\.js"\]: expected string/,
    );
    await expect(fetchPayload('files.json', filesPayloadSchema, 'the exercise files', answer('<html>'))).rejects.toThrow('is not the exercise files: not JSON');
    await expect(fetchPayload('files.json', filesPayloadSchema, 'the exercise files', answer('', 404))).rejects.toThrow('files.json answered 404');
  });
});
