// The slow database the cache sits in front of. It counts every query it receives, so you (and the
// checks) can see how many reached it. You do not need to change this file.
export function createDb({ latencyMs = 100 } = {}) {
  const prices = new Map([
    ['1', 1999],
    ['2', 2499],
    ['3', 999],
  ]);
  let failuresToCome = 0;
  const db = {
    /** How many queries reached the database so far. */
    queries: 0,
    /** SELECT id, price FROM products WHERE id = ? — answers after `latencyMs`. */
    async query(id) {
      db.queries += 1;
      const fails = failuresToCome > 0;
      if (fails) failuresToCome -= 1;
      await new Promise((resolve) => setTimeout(resolve, latencyMs));
      if (fails) throw new Error(`database: connection reset while reading product ${id}`);
      return prices.has(id) ? { id, price: prices.get(id) } : null;
    },
    /** UPDATE products SET price = ? WHERE id = ? — the cache does not hear about it. */
    setPrice(id, price) {
      prices.set(id, price);
    },
    /** Makes the next `count` queries fail, as a database restart would. */
    failNext(count = 1) {
      failuresToCome = count;
    },
  };
  return db;
}
