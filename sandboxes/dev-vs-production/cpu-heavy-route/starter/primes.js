// Deliberately CPU-heavy: counts the primes below `limit` by trial division.
// It stands in for any real work that keeps the CPU busy — resizing an image, rendering a PDF,
// hashing a password. You do not need to change this file.
export function countPrimes(limit) {
  let count = 0;
  for (let n = 2; n < limit; n += 1) {
    let prime = true;
    for (let d = 2; d * d <= n; d += 1) {
      if (n % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) count += 1;
  }
  return count;
}
