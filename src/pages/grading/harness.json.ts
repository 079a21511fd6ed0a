import type { APIRoute } from 'astro';
import { harnessPayload } from '../../course/grading-payload.ts';

/** The check harness bundle for grading inside WebContainer: fetched only when Check runs there, shared by all exercises. */
export const GET: APIRoute = async () =>
  new Response(JSON.stringify(await harnessPayload()), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
