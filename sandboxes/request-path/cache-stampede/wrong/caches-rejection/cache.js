// A cache-aside layer: look in the cache first; on a miss, load from the database and keep the result.
// createCache({ load, ttlMs, staleMs }) returns { get(key) }, where get resolves with the value.

// Near miss: coalesces misses, but a load that fails stays in the map of loads in progress for good.
export function createCache({ load, ttlMs, staleMs = 0 }) {
  const entries = new Map(); // key -> { value, storedAt }
  const inFlight = new Map(); // key -> promise

  function loadOnce(key) {
    if (!inFlight.has(key)) {
      const pending = Promise.resolve()
        .then(() => load(key))
        .then((value) => {
          entries.set(key, { value, storedAt: Date.now() });
          inFlight.delete(key);
          return value;
        });
      inFlight.set(key, pending);
    }
    return inFlight.get(key);
  }

  return {
    async get(key) {
      const entry = entries.get(key);
      const age = entry ? Date.now() - entry.storedAt : Infinity;
      if (age < ttlMs) return entry.value;
      if (age < ttlMs + staleMs) {
        loadOnce(key).catch(() => {});
        return entry.value;
      }
      return loadOnce(key);
    },
  };
}
