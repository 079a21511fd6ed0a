// mongodb-vs-mysql/indexes-you-can-see: the file the learner edits.
export function answer() {
  return 0;
}
