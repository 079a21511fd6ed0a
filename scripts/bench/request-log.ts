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
  kind: ResourceKind;
  raw: number;
  gzip: number;
}

const emptyKind = (): KindWeight => ({ count: 0, raw: 0, gzip: 0 });

export class RequestLog {
  #requests = 0;
  readonly #loaded: Promise<Loaded>[] = [];

  constructor(context: BrowserContext) {
    context.on('request', () => this.#requests++);
    context.on('requestfinished', (request) => this.#loaded.push(measure(request)));
  }

  /** Totals of everything finished so far. */
  async snapshot(): Promise<Weight> {
    const requests = this.#requests;
    const loaded = await Promise.all([...this.#loaded]);
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
  return body ? { kind, raw: body.byteLength, gzip: gzipSize(body) } : { kind, raw: 0, gzip: 0 };
}
