/**
 * Counts the calls between services over the last few seconds, for the live call graph: per edge
 * (caller → callee) the calls per second, the mean latency, errors, answers 429, retries and the calls still
 * waiting for an answer. A retry is a
 * call on the same edge, for the same request id, to the same method and path as an earlier one.
 */
const WINDOW_MS = 3_000;

export function createCallGraph({ windowMs = WINDOW_MS } = {}) {
  let recent = [];
  const attempts = new Map(); // `${from}>${to} ${requestId} ${method} ${path}` → { count, at }
  const totals = new Map(); // edge key → { calls, errors, retries, limited } since the start
  const inFlight = new Map(); // edge key → calls sent and not answered yet
  const totalOf = (edge) => {
    if (!totals.has(edge)) totals.set(edge, { calls: 0, errors: 0, retries: 0, limited: 0 });
    return totals.get(edge);
  };

  return {
    started({ from, to }) {
      const edge = `${from}>${to}`;
      totalOf(edge);
      inFlight.set(edge, (inFlight.get(edge) ?? 0) + 1);
    },
    record(call) {
      const key = `${call.from}>${call.to} ${call.requestId} ${call.method} ${call.path}`;
      const seen = attempts.get(key);
      const retry = seen !== undefined;
      attempts.set(key, { count: (seen?.count ?? 0) + 1, at: call.at });
      const failed = call.error !== undefined || call.status >= 500;
      const entry = { ...call, retry, failed, limited: call.status === 429 };
      recent.push(entry);
      const edge = `${call.from}>${call.to}`;
      inFlight.set(edge, Math.max(0, (inFlight.get(edge) ?? 1) - 1));
      const total = totalOf(edge);
      total.calls += 1;
      total.errors += failed ? 1 : 0;
      total.retries += retry ? 1 : 0;
      total.limited += entry.limited ? 1 : 0;
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
          inFlight: inFlight.get(key) ?? 0,
          total: { ...total },
        };
      });
    },
  };
}

const round = (n) => Math.round(n * 10) / 10;
