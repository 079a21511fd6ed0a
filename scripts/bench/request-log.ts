/** Every response a browser context loads, sized raw and gzipped and sorted into JS, CSS, HTML and other. */
import type { BrowserContext, Request } from '@playwright/test';
import { resourceKind, type ResourceKind } from './resource-kind.ts';
import { gzipSize } from './sizes.ts';

export interface KindWeight {
  count: number;
  raw: number;
  gzip: number;
}

export interface Weight {
  requests: number;
  byKind: Record<ResourceKind, KindWeight>;
  total: KindWeight;
}

interface Loaded {
  url: string;
  kind: ResourceKind;
  raw: number;
  gzip: number;
}

const emptyKind = (): KindWeight => ({ count: 0, raw: 0, gzip: 0 });

export class RequestLog {
  #requests = 0;
  #inFlight = 0;
  #lastChange = performance.now();
  readonly #loaded: Promise<Loaded>[] = [];

  constructor(context: BrowserContext) {
    const changed = (by: number) => {
      this.#inFlight += by;
      this.#lastChange = performance.now();
    };
    context.on('request', () => {
      this.#requests++;
      changed(1);
    });
    context.on('requestfinished', (request) => {
      this.#loaded.push(measure(request));
      changed(-1);
    });
    context.on('requestfailed', () => changed(-1));
  }

  /**
   * Resolves once no request (workers' included, which Playwright's "networkidle" does not see) has been in flight
   * for `quietMs`; rejects after `timeoutMs`.
   */
  async settle(quietMs = 1000, timeoutMs = 60_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.#inFlight > 0 || performance.now() - this.#lastChange < quietMs) {
      if (performance.now() > deadline) throw new Error(`the page was still loading after ${timeoutMs / 1000} s (${this.#inFlight} requests in flight)`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Totals of everything finished so far, or of the responses whose URL `only` picks (then `requests` counts those). */
  async snapshot(only?: (url: URL) => boolean): Promise<Weight> {
    const all = await Promise.all([...this.#loaded]);
    const loaded = only ? all.filter((item) => only(new URL(item.url))) : all;
    const requests = only ? loaded.length : this.#requests;
    const byKind: Record<ResourceKind, KindWeight> = { js: emptyKind(), css: emptyKind(), html: emptyKind(), other: emptyKind() };
    const total = emptyKind();
    for (const item of loaded) {
      for (const sum of [byKind[item.kind], total]) {
        sum.count++;
        sum.raw += item.raw;
        sum.gzip += item.gzip;
      }
    }
    return { requests, byKind, total };
  }
}

async function measure(request: Request): Promise<Loaded> {
  const response = await request.response();
  const kind = resourceKind(request.resourceType(), response?.headers()['content-type']);
  // Redirects and opaque responses have no body to count.
  const body = await response?.body().catch(() => null);
  const url = request.url();
  return body ? { url, kind, raw: body.byteLength, gzip: gzipSize(body) } : { url, kind, raw: 0, gzip: 0 };
}
