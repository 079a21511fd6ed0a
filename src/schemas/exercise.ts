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
});

export type Exercise = z.output<typeof exerciseSchema>;
export type Task = z.output<typeof taskSchema>;
