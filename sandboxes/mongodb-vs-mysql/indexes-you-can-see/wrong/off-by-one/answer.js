// mongodb-vs-mysql/indexes-you-can-see: a near miss the check must reject.
export function answer() {
  return 41;
}
