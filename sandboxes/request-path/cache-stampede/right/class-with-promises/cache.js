// A cache-aside layer: look in the cache first; on a miss, load from the database and keep the result.
// createCache({ load, ttlMs, staleMs }) returns { get(key) }, where get resolves with the value.

// Written another way: each key has one slot holding the last good value and the load in progress.
class Slot {
  value = undefined;
  loadedAt = -Infinity;
  loading = null;
}

class ReadThroughCache {
  #slots = new Map();

  constructor(load, ttlMs, staleMs) {
    this.load = load;
    this.ttlMs = ttlMs;
    this.staleMs = staleMs;
  }

  #slot(key) {
    if (!this.#slots.has(key)) this.#slots.set(key, new Slot());
    return this.#slots.get(key);
  }

  #refresh(slot, key) {
    slot.loading ??= (async () => {
      try {
        const value = await this.load(key);
        slot.value = value;
        slot.loadedAt = Date.now();
        return value;
      } finally {
        slot.loading = null;
      }
    })();
    return slot.loading;
  }

  get(key) {
    const slot = this.#slot(key);
    const age = Date.now() - slot.loadedAt;
    if (age < this.ttlMs) return Promise.resolve(slot.value);
    if (age < this.ttlMs + this.staleMs) {
      this.#refresh(slot, key).then(undefined, () => {});
      return Promise.resolve(slot.value);
    }
    return this.#refresh(slot, key);
  }
}

export function createCache({ load, ttlMs, staleMs = 0 }) {
  return new ReadThroughCache(load, ttlMs, staleMs);
}
