// Deliberately CPU-heavy: counts the primes below `limit` by trial division.
// It stands in for any real work that keeps the CPU busy — resizing an image, rendering a PDF,
// hashing a password. You do not need to change this file.
import { appendFileSync } from 'node:fs';

// When PRIMES_PROGRESS_FILE names a file, every count appends lines to it while it runs:
// "start", a "tick" about every 50 ms, and "end". The checks read them to see how many counts
// compute at once, and whether a count keeps computing after its request gave up on it.
const progressFile = process.env.PRIMES_PROGRESS_FILE;
const TICK_MS = 50;

export function countPrimes(limit) {
  const job = `${limit}-${Math.random().toString(36).slice(2, 10)}`;
  const report = (event) => progressFile && appendFileSync(progressFile, `${job} ${event}\n`);
  report('start');
  let nextTick = Date.now() + TICK_MS;
  let count = 0;
  for (let n = 2; n < limit; n += 1) {
    if (progressFile && n % 1024 === 0 && Date.now() >= nextTick) {
      report('tick');
      nextTick = Date.now() + TICK_MS;
    }
    let prime = true;
    for (let d = 2; d * d <= n; d += 1) {
      if (n % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) count += 1;
  }
  report('end');
  return count;
}
