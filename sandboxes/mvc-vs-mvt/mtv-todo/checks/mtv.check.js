// Checks for the MTV todo list: over HTTP, the view called directly, the template rendered with plain data.
// The lesson's check helpers are imported when a check runs, not when this file loads: the list of checks can then be
// read from the exercise folder alone, where ./_shared/ is not laid (it is only in a grading run).
const helpers = () => import('./_shared/http.js');

const TODOS = [
  { id: 1, title: 'Buy milk', due: '2026-12-05', done: false },
  { id: 2, title: 'Renew passport', due: '2026-12-01', done: false },
  { id: 3, title: 'File taxes', due: '2026-11-20', done: true },
  { id: 4, title: 'Call the plumber', due: '2026-12-03', done: false },
];
const OPEN_BY_DUE = ['Renew passport', 'Call the plumber', 'Buy milk'];

/** The learner's URL patterns, views and templates with the real model over TODOS, served in the check's process. */
async function serveWithTodos(t) {
  const [{ urlpatterns }, { MemoryStore }, { makeModels }, { serveApp }] = await Promise.all([t.import('urls.js'), t.import('mini/store.js'), t.import('models.js'), helpers()]);
  return serveApp(t, { routes: urlpatterns, templates: 'templates', models: makeModels(new MemoryStore({ todos: TODOS })) });
}

async function renderList(t, todos) {
  const { renderTemplate } = await t.import('mini/templates.js');
  return renderTemplate(`${t.dir}/templates`, 'todo_list.html', { todos });
}

export default [
  {
    id: 'detail-page',
    name: '/todos/2/ shows todo 2; a missing id and /todos/abc/ answer 404',
    task: 'urlconf',
    measuresTime: false,
    async run(t) {
      const app = await serveWithTodos(t);
      const page = await app.get('/todos/2/');
      t.assert.ok(
        page.status === 200 && page.body.includes('Renew passport'),
        page.status === 404
          ? 'GET /todos/2/ answered 404. Either no URL pattern matches it, or the pattern passes the id as text ("2"), which Todo.get({ id }) never finds among numeric ids: use the <int:id> converter.'
          : `GET /todos/2/ did not show todo 2 ("Renew passport").`,
        { expected: '200 with "Renew passport"', actual: `${page.status}: ${page.body.slice(0, 120)}` },
      );
      for (const path of ['/todos/99/', '/todos/abc/']) {
        const missing = await app.get(path);
        t.assert.equal(missing.status, 404, `status of GET ${path}`);
      }
    },
  },
  {
    id: 'list-open-by-due',
    name: 'The list page shows the open todos only, soonest due first',
    task: 'view-picks',
    measuresTime: false,
    async run(t) {
      const app = await serveWithTodos(t);
      const [page, { shownInOrder }] = await Promise.all([app.get('/'), helpers()]);
      t.assert.equal(page.status, 200, 'status of GET /');
      const shown = shownInOrder(page.body, TODOS.map((todo) => todo.title));
      t.assert.equal(shown, OPEN_BY_DUE, 'titles on the list page, top to bottom');
    },
  },
  {
    id: 'view-context',
    name: 'todoList hands the template a plain list of the open todos, soonest due first, as `todos`',
    task: 'view-picks',
    measuresTime: false,
    async run(t) {
      const [{ todoList }, { MemoryStore }, { makeModels }] = await Promise.all([t.import('views.js'), t.import('mini/store.js'), t.import('models.js')]);
      const response = await todoList({ method: 'GET', path: '/', query: {}, form: {}, headers: {}, user: null, models: makeModels(new MemoryStore({ todos: TODOS })) }, {});
      t.assert.equal(response?.type, 'render', 'what todoList returns (render(...) gives type "render")');
      const { todos } = response.context;
      const handedModel = Object.values(response.context).some((value) => value && typeof value.filter === 'function' && !Array.isArray(value));
      t.assert.ok(
        Array.isArray(todos),
        handedModel
          ? 'The view hands the template the Todo model itself, so the template must query it. Query in the view (Todo.filter(...)) and pass the resulting list as `todos`.'
          : `The template context has no list named \`todos\` (it has: ${Object.keys(response.context).join(', ') || 'nothing'}).`,
        { expected: '{ todos: [ …open todos… ] }', actual: Object.keys(response.context).join(', ') },
      );
      t.assert.equal(todos.map((todo) => todo.title), OPEN_BY_DUE, 'titles in context.todos — the view decides which todos are shown and in what order');
    },
  },
  {
    id: 'template-renders-given-list',
    name: 'todo_list.html, rendered with a plain list and no database, shows every todo given, in order',
    task: 'template-renders',
    measuresTime: false,
    async run(t) {
      // In an order no query would produce, with a done todo in it: showing or hiding is the view's decision.
      const given = [TODOS[3], TODOS[0], TODOS[2]];
      const [html, { shownInOrder }] = await Promise.all([renderList(t, given), helpers()]);
      const shown = shownInOrder(html, TODOS.map((todo) => todo.title));
      t.assert.ok(
        shown.length > 0,
        'Rendered with a plain list of 3 todos in `todos`, the template showed none of them. It looks its data up somewhere else (the Todo model?) instead of rendering `todos`: a template must be renderable from plain data.',
        { expected: given.map((todo) => todo.title), actual: [] },
      );
      t.assert.equal(shown, given.map((todo) => todo.title), 'titles shown, top to bottom — the template must show all it is given, in the order given (filtering and sorting are the view\'s job)');
      t.assert.ok(!(await renderList(t, [])).includes('File taxes') && (await renderList(t, [])).includes('Nothing to do.'), 'With an empty list the page must say "Nothing to do." (use {% empty %} in the for loop).');
    },
  },
  {
    id: 'titles-escaped',
    name: 'A title containing HTML is shown as text, not run as markup',
    task: 'template-renders',
    measuresTime: false,
    async run(t) {
      const html = await renderList(t, [{ id: 9, title: '<script>alert("hi")</script>', due: '2026-12-01', done: false }]);
      t.assert.ok(
        !html.includes('<script>alert'),
        'The title\'s <script> tag reached the page as markup: a browser would run it (cross-site scripting). Leave {{ todo.title }} to auto-escaping; |safe is only for HTML you built yourself.',
        { expected: '&lt;script&gt;alert(…', actual: html.slice(html.indexOf('<script>alert'), html.indexOf('<script>alert') + 40) },
      );
      t.assert.match(html, /&lt;script&gt;alert\(&quot;hi&quot;\)&lt;\/script&gt;/, 'the escaped title in the rendered list');
    },
  },
];
