import { describe, expect, it, vi } from 'vitest';
import { onPageGone } from '../../src/workspace/page-lifecycle.ts';

const pagehide = (persisted: boolean) => Object.assign(new Event('pagehide'), { persisted });

describe('onPageGone', () => {
  it('runs on a pagehide that unloads the page, not on one that puts it into the back/forward cache', () => {
    const page = new EventTarget();
    const gone = vi.fn();
    onPageGone(page, gone);
    page.dispatchEvent(pagehide(true));
    expect(gone).not.toHaveBeenCalled();
    page.dispatchEvent(pagehide(false));
    expect(gone).toHaveBeenCalledTimes(1);
  });
});
