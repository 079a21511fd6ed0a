// views.py, written another way: the view picks the rows with plain JavaScript.
import { notFound, render } from './mini/app.js';

const byDue = (a, b) => a.due.localeCompare(b.due);

export function todoList({ models }) {
  const todos = models.Todo.all().filter((todo) => !todo.done).sort(byDue);
  return render('todo_list.html', { todos });
}

export function todoDetail({ models }, { id }) {
  const todo = models.Todo.get({ id });
  return todo ? render('todo_detail.html', { todo }) : notFound(`There is no todo ${id}`);
}
