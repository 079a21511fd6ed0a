import type { IncomingMessage } from 'node:http';

/** The path of a request's target without its query (`/__archlab/runner?x` → `/__archlab/runner`). */
export function requestPath(req: IncomingMessage): string {
  return (req.url ?? '/').split('?', 1)[0]!;
}
