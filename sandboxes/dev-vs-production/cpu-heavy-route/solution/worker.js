import { parentPort } from 'node:worker_threads';
import { countPrimes } from './primes.js';

// One job at a time: the pool in server.js sends a limit and waits for its count.
parentPort.on('message', (limit) => {
  parentPort.postMessage(countPrimes(limit));
});
