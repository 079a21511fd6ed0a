import { z } from 'zod';
import { nonEmpty, slug } from './common.ts';

export const runtimeKinds = ['local', 'webcontainer'] as const;
export type RuntimeKind = (typeof runtimeKinds)[number];

/** A path inside an exercise folder: relative, forward slashes, no `..`. */
export const relativePath = z
  .string()
  .min(1)
  .refine(
    (p) => !p.startsWith('/') && !p.includes('\\') && !p.includes('\0') && p.split('/').every((s) => s !== '' && s !== '.' && s !== '..'),
    'expected a relative path inside the exercise, like "server.js" (no "..", no leading "/")',
  );

/** An npm package name as package.json spells it: `mingo`, `sql.js`, `@electric-sql/pglite`. */
export const packageName = z
  .string()
  .regex(/^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/, 'expected an npm package name, like "mingo" or "@electric-sql/pglite"');

export const taskSchema = z.strictObject({
  id: slug,
  title: nonEmpty,
  hints: z.array(nonEmpty).default([]),
});

/** `sandboxes/<slug>/<exercise>/exercise.json`. The id is the folder path and is not repeated here. */
export const exerciseSchema = z.strictObject({
  title: nonEmpty,
  summary: nonEmpty,
  /** The command Run executes, e.g. `node server.js`: words split on spaces and started without a shell. */
  main: nonEmpty.refine((m) => !/['"`$|&;<>\\*?()]/.test(m), 'expected a command and its arguments, like "node server.js" (Run starts it without a shell, so no quotes, pipes or variables)'),
  /** Paths the learner may change; everything else always comes from the pristine exercise. */
  editable: z.array(relativePath).min(1),
  tasks: z.array(taskSchema).min(1),
  /** Seconds: one check, one whole grading run. */
  timeouts: z
    .strictObject({
      check: z.number().positive().max(120).default(5),
      grade: z.number().positive().max(600).default(20),
    })
    .default({ check: 5, grade: 20 }),
  runtimes: z.array(z.enum(runtimeKinds)).min(1).default([...runtimeKinds]),
  /**
   * npm packages sandbox code and checks import by plain name (`import { Query } from 'mingo'`), at the version the
   * project's package.json pins; laid read-only into the sandbox's node_modules/ (src/course/packages.ts).
   */
  packages: z.array(packageName).refine((names) => new Set(names).size === names.length, 'a package is listed twice').default([]),
});

export type Exercise = z.output<typeof exerciseSchema>;
export type Task = z.output<typeof taskSchema>;
