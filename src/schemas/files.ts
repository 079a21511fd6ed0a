import { z } from 'zod';
import { relativePath } from './exercise.ts';

/**
 * Files of an exercise, keyed by path relative to the exercise root with forward slashes (`server.js`,
 * `public/index.html`), contents as UTF-8 text: the runner protocol, saved edits and the site's payloads all carry it.
 */
export const fileMapSchema = z.record(relativePath, z.string());
export type FileMap = z.output<typeof fileMapSchema>;
