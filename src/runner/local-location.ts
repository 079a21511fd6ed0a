/**
 * A redirect target on this server built from a request's own path. Browsers read a `Location` that starts with
 * two slashes (or a slash and a backslash) as another host, so `GET //evil.example/..%2fprogress` must never come
 * back as `Location: //evil.example/…`: a leading run of slashes and backslashes collapses to one slash.
 */
export function localLocation(pathAndQuery: string): string {
  return pathAndQuery.replace(/^[/\\]*/, '/');
}
