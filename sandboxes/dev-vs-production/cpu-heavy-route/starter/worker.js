// Code in this file can run on a worker thread (see node:worker_threads) once server.js
// starts one with `new Worker(new URL('./worker.js', import.meta.url))`.
// It is empty on purpose.
