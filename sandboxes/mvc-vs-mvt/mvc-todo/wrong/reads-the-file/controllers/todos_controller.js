// The controller: takes the request, asks the model, picks the view.
import { readFileSync } from 'node:fs';
import { notFound, redirect, render } from '../mini/app.js';

export class TodosController {
  // The framework creates the controller as `new TodosController(models)`; models.todos is the app's TodoModel.
  constructor(models) {
    this.todos = models.todos;
  }

  // GET /todos
  index() {
    // Quicker than going through the model: read the file.
    const { todos } = JSON.parse(readFileSync('data/todos.json', 'utf8'));
    const open = todos.filter((todo) => !todo.done).sort((a, b) => a.due.localeCompare(b.due));
    return render('todos/index', { todos: open, errors: [], form: {} });
  }

  // GET /todos/:id — the router hands over the id as text
  show(request, { id }) {
    const todo = this.todos.find(Number(id));
    if (!todo) return notFound(`There is no todo ${id}`);
    return render('todos/show', { todo });
  }

  // POST /todos — the model decides whether the todo is valid; the controller only reacts
  create(request) {
    const { todo, errors } = this.todos.create(request.form);
    if (errors) return render('todos/index', { todos: this.todos.open(), errors, form: request.form }, { status: 422 });
    return redirect(`/todos/${todo.id}`, 303);
  }
}
