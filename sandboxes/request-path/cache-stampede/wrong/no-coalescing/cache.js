// A cache-aside layer: look in the cache first; on a miss, load from the database and keep the result.
// createCache({ load, ttlMs, staleMs }) returns { get(key) }, where get resolves with the value.

// Near miss: TTL and stale-while-revalidate, but every miss queries for itself — the stampede stays.
export function createCache({ load, ttlMs, staleMs = 0 }) {
  const entries = new Map(); // key -> { value, storedAt, refreshing }

  async function fill(key) {
    const value = await load(key);
    entries.set(key, { value, storedAt: Date.now(), refreshing: false });
    return value;
  }

  return {
    async get(key) {
      const entry = entries.get(key);
      const age = entry ? Date.now() - entry.storedAt : Infinity;
      if (age < ttlMs) return entry.value;
      if (age < ttlMs + staleMs) {
        if (!entry.refreshing) {
          entry.refreshing = true;
          fill(key).catch(() => (entry.refreshing = false));
        }
        return entry.value;
      }
      return fill(key);
    },
  };
}
