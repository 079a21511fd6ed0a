/**
 * Counts the calls between services over the last few seconds, for the live call graph: per edge
 * (caller → callee) the calls per second, the mean latency, errors, answers 429 and retries. A retry is a
 * call on the same edge, for the same request id, to the same method and path as an earlier one.
 */
const WINDOW_MS = 3_000;

export function createCallGraph({ windowMs = WINDOW_MS } = {}) {
  let recent = [];
  const attempts = new Map(); // `${from}>${to} ${requestId} ${method} ${path}` → { count, at }
  const totals = new Map(); // edge key → { calls, errors, retries } since the start

  return {
    record(call) {
      const key = `${call.from}>${call.to} ${call.requestId} ${call.method} ${call.path}`;
      const seen = attempts.get(key);
      const retry = seen !== undefined;
      attempts.set(key, { count: (seen?.count ?? 0) + 1, at: call.at });
      const failed = call.error !== undefined || call.status >= 500;
      const entry = { ...call, retry, failed, limited: call.status === 429 };
      recent.push(entry);
      const edge = `${call.from}>${call.to}`;
      const total = totals.get(edge) ?? { calls: 0, errors: 0, retries: 0, limited: 0 };
      total.calls += 1;
      total.errors += failed ? 1 : 0;
      total.retries += retry ? 1 : 0;
      total.limited += entry.limited ? 1 : 0;
      totals.set(edge, total);
    },
    /** The edges seen so far, each with its numbers over the last window and since the start. */
    snapshot(now = Date.now()) {
      recent = recent.filter((c) => now - c.at <= windowMs);
      for (const [key, { at }] of attempts) if (now - at > 60_000) attempts.delete(key);
      const seconds = windowMs / 1000;
      return [...totals].map(([key, total]) => {
        const [from, to] = key.split('>');
        const calls = recent.filter((c) => c.from === from && c.to === to);
        const rate = (pick) => round(calls.filter(pick).length / seconds);
        return {
          from,
          to,
          callsPerSecond: rate(() => true),
          meanMs: calls.length ? Math.round(calls.reduce((sum, c) => sum + c.ms, 0) / calls.length) : null,
          errorsPerSecond: rate((c) => c.failed),
          limitedPerSecond: rate((c) => c.limited),
          retriesPerSecond: rate((c) => c.retry),
          total: { ...total },
        };
      });
    },
  };
}

const round = (n) => Math.round(n * 10) / 10;
