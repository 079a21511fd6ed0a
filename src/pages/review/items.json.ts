import type { APIRoute } from 'astro';
import { collectReviewItems } from '../../collections/review-items.ts';

/** The review page's items (see src/review/items.ts). */
export const GET: APIRoute = async () =>
  new Response(JSON.stringify(await collectReviewItems()), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
