/**
 * Response headers of the site, in one place: `npm start` sends them, the build writes them to `dist/_headers`
 * for static hosts, and the dev server sends the isolation ones. Cross-origin isolation (COOP + COEP) is what
 * lets WebContainer use SharedArrayBuffer.
 */
import { PACKAGES_PAYLOAD_PATH } from '../schemas/payloads.ts';

export const isolationHeaders: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * WebContainer's origins. `boot()` adds a hidden frame on https://stackblitz.com/headless (`DEFAULT_EDITOR_ORIGIN`
 * and `iframe-url.js` in @webcontainer/api); previews (the URLs of `server-ready`) are subdomains of
 * webcontainer-api.io, such as `…local-credentialless.webcontainer-api.io` (stackblitz/webcontainer-core#1870).
 * The docs ask for the isolation headers above and warn that blocked third-party storage stops it
 * (https://webcontainers.io/guides/configuring-headers, /guides/browser-support, /guides/troubleshooting); they
 * list no CSP, so these are what its frames and previews load from. They cannot be reached offline, so a unit test
 * holds the policy to them.
 */
export const webContainerOrigins = { frames: ['https://stackblitz.com', 'https://*.webcontainer-api.io'], connect: ['https://*.webcontainer-api.io'] };

/** Previews of the local runner live on `<session>-<port>.localhost:<server port>` (see `src/runner/preview-proxy.ts`). */
const localPreviews = 'http://*.localhost:*';

/**
 * What the site's own pages may load. A response header, not a `<meta>`: only the header can carry
 * `frame-ancestors`. Styles allow 'unsafe-inline' for Shiki's `style` attributes and the editor's and terminal's
 * injected styles; 'wasm-unsafe-eval' lets WASM compile (search, sandbox engines) without allowing `eval`.
 * Responses proxied from a learner's program belong to that program and get no policy.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  `connect-src 'self' ${webContainerOrigins.connect.join(' ')}`,
  `frame-src 'self' ${localPreviews} ${webContainerOrigins.frames.join(' ')}`,
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

export const securityHeaders: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  // Cross-origin requests get the origin only: a stricter policy breaks WebContainer's headless frame in production.
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Content-Security-Policy': contentSecurityPolicy,
};

/**
 * Paths whose URLs change whenever their bytes do: Astro's content-hashed bundles, and the sandbox packages
 * (`/packages/<name>@<version>-<hash>.json`, src/course/package-payload.ts).
 */
export const hashedAssetPrefixes = ['/_astro/', `/${PACKAGES_PAYLOAD_PATH}/`] as const;

export const immutableCache = 'public, max-age=31536000, immutable';
/** Pages must be revalidated so a new deploy is seen at once. */
export const revalidateCache = 'public, max-age=0, must-revalidate';

export function headersFor(pathname: string): Record<string, string> {
  return {
    ...isolationHeaders,
    ...securityHeaders,
    'Cache-Control': hashedAssetPrefixes.some((prefix) => pathname.startsWith(prefix)) ? immutableCache : revalidateCache,
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
    ...hashedAssetPrefixes.map((prefix) => block(`${prefix}*`, { 'Cache-Control': immutableCache })),
  ].join('\n\n') + '\n';
}
