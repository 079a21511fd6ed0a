/**
 * Leaving the page for good, as opposed to entering the back/forward cache: a page restored from that cache comes
 * back with its scripts and sandbox as they were, so disposing them on every `pagehide` would leave it dead.
 */
export function onPageGone(target: Pick<EventTarget, 'addEventListener'>, gone: () => void): void {
  target.addEventListener('pagehide', (event) => {
    if (!(event as PageTransitionEvent).persisted) gone();
  });
}
