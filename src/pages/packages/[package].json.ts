import type { APIRoute, GetStaticPaths } from 'astro';
import { servedPackage, type ServedPackage } from '../../course/package-payload.ts';
import { declaredPackages } from '../../course/packages.ts';

/** Every package an exercise declares, once: WebContainer mounts it into node_modules/ (src/runtime/webcontainer-packages.ts). */
export const getStaticPaths = (async () => {
  const paths = [];
  for (const name of declaredPackages()) {
    const served = await servedPackage(name);
    paths.push({ params: { package: served.file }, props: { served } });
  }
  return paths;
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ served: ServedPackage }> = ({ props }) =>
  new Response(JSON.stringify(props.served.payload), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
