// Starts the todo app: the data file, the models over it, the URL patterns, the templates folder.
import { createApp, serve } from './mini/app.js';
import { FileStore } from './mini/store.js';
import { makeModels } from './models.js';
import { urlpatterns } from './urls.js';

const store = new FileStore(process.env.TODO_FILE ?? 'data/todos.json');
const port = Number(process.env.PORT ?? 3000);
await serve(createApp({ routes: urlpatterns, templates: 'templates', models: makeModels(store) }), port);
console.log(`todo app (MTV) on http://localhost:${port}/`);
