// A cache-aside layer: look in the cache first; on a miss, load from the database and keep the result.
// createCache({ load, ttlMs, staleMs }) returns { get(key) }, where get resolves with the value.
//   load(key)  loads one value from the database (slow; every call is one query)
//   ttlMs      how long a value stays fresh
//   staleMs    how much longer a value may still be served while one refresh runs behind it

export function createCache({ load, ttlMs, staleMs = 0 }) {
  const entries = new Map(); // key -> { value, storedAt }
  const inFlight = new Map(); // key -> the promise of the one load running for it

  // Every caller that needs `key` while a load runs shares that load: one miss, one query.
  function loadOnce(key) {
    let pending = inFlight.get(key);
    if (!pending) {
      pending = Promise.resolve()
        .then(() => load(key))
        .then((value) => {
          entries.set(key, { value, storedAt: Date.now() });
          return value;
        })
        // Success or failure, the next miss may load again: a failed load is never kept.
        .finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  }

  return {
    async get(key) {
      const entry = entries.get(key);
      const age = entry ? Date.now() - entry.storedAt : Infinity;
      if (age < ttlMs) return entry.value;
      if (age < ttlMs + staleMs) {
        // Stale but usable: answer now, refresh behind the answer. A failed refresh keeps the old value.
        loadOnce(key).catch(() => {});
        return entry.value;
      }
      return loadOnce(key);
    },
  };
}
