// views.py: each view takes a request, decides which data to show, and hands it to a template.
import { notFound, render } from './mini/app.js';

/** The list: every todo still open, soonest due date first. */
export function todoList(request) {
  const { Todo } = request.models;
  const todos = Todo.all({ orderBy: 'due' });
  return render('todo_list.html', { todos });
}

/** One todo's page. */
export function todoDetail(request, { id }) {
  const todo = request.models.Todo.get({ id });
  if (!todo) return notFound(`There is no todo ${id}`);
  return render('todo_detail.html', { todo });
}
