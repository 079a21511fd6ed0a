// mongodb-vs-mysql/indexes-you-can-see: the graded checks (see docs/checks.md).
export default [
  {
    id: 'answers-42',
    name: 'answer() returns 42',
    task: 'answer',
    hint: 'Return the number itself, not a string.',
    async run(t) {
      const { answer } = await t.import('answer.js');
      t.assert.equal(answer(), 42, 'answer()');
    },
  },
];
