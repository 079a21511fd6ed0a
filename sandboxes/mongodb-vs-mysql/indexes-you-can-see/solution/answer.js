// mongodb-vs-mysql/indexes-you-can-see: as solved.
export function answer() {
  return 42;
}
