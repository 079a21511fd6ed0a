// A cache-aside layer: look in the cache first; on a miss, load from the database and keep the result.
// createCache({ load, ttlMs, staleMs }) returns { get(key) }, where get resolves with the value.

// Near miss: once a value exists it is always served, however old, with a refresh behind it.
export function createCache({ load, ttlMs }) {
  const entries = new Map(); // key -> { value, storedAt }
  const inFlight = new Map(); // key -> promise

  function loadOnce(key) {
    if (!inFlight.has(key)) {
      const pending = Promise.resolve()
        .then(() => load(key))
        .then((value) => {
          entries.set(key, { value, storedAt: Date.now() });
          return value;
        })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return inFlight.get(key);
  }

  return {
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return loadOnce(key);
      if (Date.now() - entry.storedAt >= ttlMs) loadOnce(key).catch(() => {});
      return entry.value;
    },
  };
}
