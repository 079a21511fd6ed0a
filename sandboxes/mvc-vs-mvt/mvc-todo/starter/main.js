// Starts the todo app, MVC style: routes → controller actions → views, with the model handed to the controllers.
import { createApp, serve } from './mini/app.js';
import { FileStore } from './mini/store.js';
import { routes } from './config/routes.js';
import { TodosController } from './controllers/todos_controller.js';
import { TodoModel } from './models/todo.js';

const store = new FileStore(process.env.TODO_FILE ?? 'data/todos.json');
const app = createApp({
  routes,
  templates: 'views',
  controllers: { todos: TodosController },
  // The injection point: every controller is created as `new Controller(models)`.
  models: { todos: new TodoModel(store) },
});
const port = Number(process.env.PORT ?? 3000);
await serve(app, port);
console.log(`todo app (MVC) on http://localhost:${port}/todos`);
