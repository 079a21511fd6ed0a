// A cache-aside layer: look in the cache first; on a miss, load from the database and keep the result.
// createCache({ load, ttlMs, staleMs }) returns { get(key) }, where get resolves with the value.
//   load(key)  loads one value from the database (slow; every call is one query)
//   ttlMs      how long a value stays fresh
//   staleMs    how much longer a value may still be served while one refresh runs behind it

export function createCache({ load, ttlMs, staleMs = 0 }) {
  const entries = new Map(); // key -> { value }

  return {
    async get(key) {
      if (entries.has(key)) return entries.get(key).value;
      const value = await load(key);
      entries.set(key, { value });
      return value;
    },
  };
}
