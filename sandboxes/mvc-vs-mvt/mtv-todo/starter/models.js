// models.py, in JavaScript: what a todo is and how to query the todos table.
import { table } from './mini/store.js';

/** A todo row: { id, title, due: 'YYYY-MM-DD', done: boolean }. */
export const makeModels = (store) => ({ Todo: table(store, 'todos') });
