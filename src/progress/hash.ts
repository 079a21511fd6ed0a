import type { FileMap } from '../schemas/files.ts';

/**
 * A stable fingerprint of a set of files: SHA-256 over the paths in sorted order with their contents. Saved edits
 * remember the starter's fingerprint so a changed starter can be noticed. Uses Web Crypto, present in browsers and
 * in Node, so the build and the page compute the same value.
 */
export async function filesHash(files: FileMap): Promise<string> {
  const canonical = JSON.stringify(Object.keys(files).sort().map((path) => [path, files[path]]));
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The fingerprint saved edits remember: the starter's editable files only. Read-only files always come from the
 * current starter, so a change to them alone must not offer the learner a "new starter" over their work.
 */
export function starterHash(starter: FileMap, editable: readonly string[]): Promise<string> {
  return filesHash(Object.fromEntries(Object.entries(starter).filter(([path]) => editable.includes(path))));
}
