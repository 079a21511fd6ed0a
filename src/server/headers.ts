/**
 * Response headers of the site, in one place: `npm start` sends them, the build writes them to `dist/_headers`
 * for static hosts, and the dev server sends the isolation ones. Cross-origin isolation (COOP + COEP) is what
 * lets WebContainer use SharedArrayBuffer.
 */
export const isolationHeaders: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export const securityHeaders: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
};

/** Astro puts content-hashed bundles here; their URLs change whenever their bytes do. */
export const hashedAssetPrefix = '/_astro/';

export const immutableCache = 'public, max-age=31536000, immutable';
/** Pages must be revalidated so a new deploy is seen at once. */
export const revalidateCache = 'public, max-age=0, must-revalidate';

export function headersFor(pathname: string): Record<string, string> {
  return {
    ...isolationHeaders,
    ...securityHeaders,
    'Cache-Control': pathname.startsWith(hashedAssetPrefix) ? immutableCache : revalidateCache,
  };
}

/**
 * The `_headers` file format understood by Netlify and Cloudflare Pages. Pages get no Cache-Control here:
 * those hosts merge the values of every matching rule, and their default for HTML already revalidates.
 */
export function headersFile(): string {
  const block = (pattern: string, headers: Record<string, string>) =>
    [pattern, ...Object.entries(headers).map(([k, v]) => `  ${k}: ${v}`)].join('\n');
  return [
    block('/*', { ...isolationHeaders, ...securityHeaders }),
    block(`${hashedAssetPrefix}*`, { 'Cache-Control': immutableCache }),
  ].join('\n\n') + '\n';
}
