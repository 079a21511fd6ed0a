/** A fetch that answers like the built site: the grading harness and the payload of each of `packages`, counting requests. */
import { vi } from 'vitest';
import { harnessPayload } from '../../src/course/grading-payload.ts';
import { servedPackage } from '../../src/course/package-payload.ts';

export async function siteFetch(packages: readonly string[]) {
  const routes = new Map<string, () => Promise<unknown>>([['/grading/harness.json', harnessPayload]]);
  for (const name of packages) {
    const served = await servedPackage(name);
    routes.set(`/packages/${served.file}.json`, async () => served.payload);
  }
  return vi.fn(async (url: string | URL | Request) => {
    const route = routes.get(String(url));
    return route ? new Response(JSON.stringify(await route())) : new Response('not found', { status: 404 });
  });
}
