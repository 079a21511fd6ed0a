import { describe, expect, it } from 'vitest';
import type { ReviewItemsFile } from '../../src/review/items.ts';
import { keysByLesson } from '../../src/review/items.ts';
import { itemRecords } from '../../src/search/item-records.ts';

const file: ReviewItemsFile = {
  lessons: [{ slug: 'message-queues', title: 'Message queues', section: 'Async' }, { slug: 'empty', title: 'Empty', section: 'Async' }],
  items: [
    { key: 'message-queues/card/ack', lesson: 'message-queues', kind: 'card', card: { id: 'ack', front: 'When is <code>acks_late</code> safe?', back: 'When tasks are idempotent &#38; short.' } },
    {
      key: 'message-queues/quiz/ack',
      lesson: 'message-queues',
      kind: 'quiz',
      question: { id: 'ack', prompt: 'Pick one', choices: [{ text: 'A &#60;b&#62;', correct: true }, { text: 'C', correct: false, why: 'no' }], explanation: 'Because.' },
    },
  ],
};

describe('search records for flashcards and quiz questions', () => {
  it('gives each item its own record, pointing at its anchor on the lesson page, as plain text with its kind and lesson', () => {
    expect(itemRecords(file)).toEqual([
      {
        url: '/lessons/message-queues/#card-ack',
        content: 'When is acks_late safe?\nWhen tasks are idempotent & short.',
        language: 'en',
        meta: { title: 'When is acks_late safe?', kind: 'card', lesson: 'Message queues' },
      },
      { url: '/lessons/message-queues/#question-ack', content: 'Pick one\nA <b>\nC\nBecause.', language: 'en', meta: { title: 'Pick one', kind: 'quiz', lesson: 'Message queues' } },
    ]);
  });

  it('lists each lesson’s item keys, a lesson without items included', () => {
    expect(keysByLesson(file)).toEqual(new Map([['message-queues', ['message-queues/card/ack', 'message-queues/quiz/ack']], ['empty', []]]));
  });
});
