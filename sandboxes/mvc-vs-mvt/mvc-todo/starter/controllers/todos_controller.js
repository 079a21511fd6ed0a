// The controller: takes the request, asks the model, picks the view.
import { readFileSync } from 'node:fs';
import { render } from '../mini/app.js';

export class TodosController {
  // The framework creates the controller as `new TodosController(models)`; models.todos is the app's TodoModel.
  constructor(models) {}

  // GET /todos
  index() {
    const { todos } = JSON.parse(readFileSync('data/todos.json', 'utf8'));
    const open = todos.filter((todo) => !todo.done);
    return render('todos/index', { todos: open, errors: [], form: {} });
  }
}
