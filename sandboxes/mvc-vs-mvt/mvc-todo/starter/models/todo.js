// The model: what a todo is, the rules a todo must follow, and how todos are stored.
import { table } from '../mini/store.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class TodoModel {
  constructor(store) {
    this.rows = table(store, 'todos');
  }

  /** Todos still to do, soonest due first. */
  open() {
    return this.rows.filter({ done: false }, { orderBy: 'due' });
  }

  /** The todo with this (numeric) id, or null. */
  find(id) {
    return this.rows.get({ id });
  }

  /** Checks the rules, then saves. Returns { todo } when saved, { errors: [messages] } when not. */
  create({ title = '', due = '' }) {
    const errors = [];
    if (!title.trim()) errors.push('A todo needs a title.');
    if (title.trim().length > 80) errors.push('Keep the title under 80 characters.');
    if (!DAY.test(due)) errors.push('Give a due date as YYYY-MM-DD.');
    if (errors.length) return { errors };
    return { todo: this.rows.create({ title: title.trim(), due, done: false }) };
  }
}
