// A cache-aside layer: look in the cache first; on a miss, load from the database and keep the result.
// createCache({ load, ttlMs, staleMs }) returns { get(key) }, where get resolves with the value.

// Near miss: misses are coalesced, but every stale read starts its own refresh.
export function createCache({ load, ttlMs, staleMs = 0 }) {
  const entries = new Map(); // key -> { value, storedAt }
  const inFlight = new Map(); // key -> promise

  async function fill(key) {
    const value = await load(key);
    entries.set(key, { value, storedAt: Date.now() });
    return value;
  }

  return {
    async get(key) {
      const entry = entries.get(key);
      const age = entry ? Date.now() - entry.storedAt : Infinity;
      if (age < ttlMs) return entry.value;
      if (age < ttlMs + staleMs) {
        fill(key).catch(() => {});
        return entry.value;
      }
      if (!inFlight.has(key)) inFlight.set(key, fill(key).finally(() => inFlight.delete(key)));
      return inFlight.get(key);
    },
  };
}
