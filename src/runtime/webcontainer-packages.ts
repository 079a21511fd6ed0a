/**
 * The packages an exercise declares, inside WebContainer: each package payload is fetched once per page (its URL
 * carries a content hash, so the browser keeps it across exercises) and mounted at `node_modules/<name>/` of the
 * container's working folder, where sandbox code and the grader (`grade.js --packages node_modules`) import it by
 * plain name. Never part of an exercise's files.json, never listed in Files.
 */
import { fetchPayload, packagePayloadSchema, type PackageRef } from '../schemas/payloads.ts';

/** Where packages are mounted, relative to the container's working folder. */
export const NODE_MODULES = 'node_modules';

const loading = new Map<string, Promise<Record<string, Uint8Array>>>();

function decode(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The files of one package (path in the package → bytes); a failed download is retried on the next call. */
function packageFiles(ref: PackageRef, fetchFn: typeof fetch): Promise<Record<string, Uint8Array>> {
  let files = loading.get(ref.url);
  if (!files) {
    files = fetchPayload(ref.url, packagePayloadSchema, `the package ${ref.name}`, fetchFn).then((payload) => {
      if (payload.name !== ref.name) throw new Error(`${ref.url} holds the package ${payload.name}, not ${ref.name}`);
      return Object.fromEntries(Object.entries(payload.files).map(([path, base64]) => [path, decode(base64)]));
    });
    files.catch(() => loading.delete(ref.url));
    loading.set(ref.url, files);
  }
  return files;
}

/** Every file of `refs` as `node_modules/<name>/<path>` → bytes, for WebContainerRuntime to mount. */
export async function packageFilesToMount(refs: readonly PackageRef[], fetchFn: typeof fetch = fetch): Promise<Record<string, Uint8Array>> {
  const mounted: Record<string, Uint8Array> = {};
  for (const ref of refs) {
    for (const [path, contents] of Object.entries(await packageFiles(ref, fetchFn))) mounted[`${NODE_MODULES}/${ref.name}/${path}`] = contents;
  }
  return mounted;
}
