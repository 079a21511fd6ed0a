// mongodb-vs-mysql/schema-that-changes: a near miss the check must reject.
export function answer() {
  return 41;
}
