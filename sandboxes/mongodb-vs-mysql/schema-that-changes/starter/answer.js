// mongodb-vs-mysql/schema-that-changes: the file the learner edits.
export function answer() {
  return 0;
}
