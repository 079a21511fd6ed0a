// Written another way: a private field for the model, one helper for the list page.
import { notFound, redirect, render } from '../mini/app.js';

export class TodosController {
  #todos;

  constructor({ todos }) {
    this.#todos = todos;
  }

  #listPage({ errors = [], form = {}, status = 200 } = {}) {
    return render('todos/index', { todos: this.#todos.open(), errors, form }, { status });
  }

  index() {
    return this.#listPage();
  }

  show(_request, { id }) {
    const todo = this.#todos.find(id);
    return todo ? render('todos/show', { todo }) : notFound(`There is no todo ${id}`);
  }

  create({ form }) {
    const result = this.#todos.create(form);
    return result.errors ? this.#listPage({ errors: result.errors, form, status: 422 }) : redirect(`/todos/${result.todo.id}`, 303);
  }
}
