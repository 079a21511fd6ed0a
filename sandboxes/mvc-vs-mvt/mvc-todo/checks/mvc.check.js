// Checks for the MVC todo list: the routes alone (with a stand-in controller), then the controller with a fake model.
// The lesson's check helpers are imported when a check runs, not when this file loads: the list of checks can then be
// read from the exercise folder alone, where ./_shared/ is not laid (it is only in a grading run).
const helpers = () => import('./_shared/http.js');

/** Todos only the fake model knows: a controller that shows anything else did not ask the model it was given. */
const FAKE_TODOS = [
  { id: 5, title: 'Feed the fake cat', due: '2026-12-01', done: false },
  { id: 8, title: 'Paint the fake fence', due: '2026-12-02', done: false },
];

/** A stand-in for TodoModel that records what it was asked. It accepts any title except "spam", even a very long one. */
function fakeModel() {
  const calls = [];
  return {
    calls,
    open() {
      calls.push(['open']);
      return FAKE_TODOS.map((todo) => ({ ...todo }));
    },
    find(id) {
      calls.push(['find', id]);
      return FAKE_TODOS.find((todo) => todo.id === id) ?? null;
    },
    create(fields) {
      calls.push(['create', { ...fields }]);
      if (fields.title === 'spam') return { errors: ['The fake model says: no spam, please.'] };
      return { todo: { id: 42, done: false, ...fields } };
    },
  };
}

async function serveWithFake(t) {
  const [{ routes }, { TodosController }, { serveApp }] = await Promise.all([t.import('config/routes.js'), t.import('controllers/todos_controller.js'), helpers()]);
  const model = fakeModel();
  const app = await serveApp(t, { routes, templates: 'views', controllers: { todos: TodosController }, models: { todos: model } });
  return { app, model };
}

const fileTitles = ['Water the ferns', 'Renew the passport'];

export default [
  {
    id: 'routes-to-actions',
    name: 'GET /todos, GET /todos/7 and POST /todos reach index, show (id 7) and create',
    task: 'routes',
    measuresTime: false,
    async run(t) {
      const [{ routes }, { serveApp }] = await Promise.all([t.import('config/routes.js'), helpers()]);
      const reached = [];
      // A stand-in controller: it only notes which action the router chose, so this tests the routes alone.
      class StandIn {
        index() {
          return { type: 'text', status: 200, body: `index` };
        }
        show(request, params) {
          reached.push(['show', String(params.id)]);
          return { type: 'text', status: 200, body: `show ${params.id}` };
        }
        create() {
          reached.push(['create']);
          return { type: 'text', status: 200, body: 'create' };
        }
      }
      const app = await serveApp(t, { routes, templates: 'views', controllers: { todos: StandIn }, models: {} });
      const cases = [
        ['GET', '/todos', 'index'],
        ['GET', '/todos/7', 'show 7'],
        ['POST', '/todos', 'create'],
      ];
      for (const [method, path, expected] of cases) {
        const answer = method === 'GET' ? await app.get(path) : await app.post(path, { title: 'x' });
        t.assert.ok(
          answer.status === 200 && answer.body === expected,
          answer.status === 404
            ? `${method} ${path} matched no route (404): add route('${method}', …, 'todos#${expected.split(' ')[0]}') to config/routes.js.`
            : answer.status === 405
              ? `${method} ${path} answered 405: the path has a route, but not for ${method}.`
              : `${method} ${path} did not reach todos#${expected.split(' ')[0]}.`,
          { expected: `200 "${expected}"`, actual: `${answer.status} ${JSON.stringify(answer.body.slice(0, 80))}` },
        );
      }
    },
  },
  {
    id: 'index-uses-given-model',
    name: 'The list page shows what the model given to the controller returns from open()',
    task: 'injected-model',
    measuresTime: false,
    async run(t) {
      const { app, model } = await serveWithFake(t);
      const page = await app.get('/todos');
      t.assert.equal(page.status, 200, 'status of GET /todos');
      const fromFile = fileTitles.filter((title) => page.body.includes(title));
      t.assert.ok(
        fromFile.length === 0,
        `The list shows ${fromFile.map((x) => `"${x}"`).join(' and ')} from data/todos.json, although the controller was given a different model. It reaches around its model to the storage: use this.todos = models.todos and this.todos.open().`,
        { expected: FAKE_TODOS.map((todo) => todo.title), actual: fromFile },
      );
      for (const todo of FAKE_TODOS) t.assert.ok(page.body.includes(todo.title), `The list does not show "${todo.title}", which the given model's open() returned.`, { expected: todo.title, actual: page.body.slice(0, 200) });
      t.assert.ok(model.calls.some(([name]) => name === 'open'), 'The list page never called open() on the model it was given.');
    },
  },
  {
    id: 'show-uses-given-model',
    name: 'GET /todos/5 asks the given model for todo 5 and shows it; an unknown id is 404',
    task: 'injected-model',
    measuresTime: false,
    async run(t) {
      const { app, model } = await serveWithFake(t);
      const page = await app.get('/todos/5');
      const asked = model.calls.filter(([name]) => name === 'find').map(([, id]) => id);
      t.assert.ok(
        page.status === 200 && page.body.includes('Feed the fake cat'),
        asked.length === 0
          ? `GET /todos/5 answered ${page.status} without calling find() on the model the controller was given.`
          : `GET /todos/5 called find(${asked.map((id) => JSON.stringify(id)).join(', ')}) and answered ${page.status}. The router hands the id over as text; the model's ids are numbers: find(Number(id)).`,
        { expected: '200 showing "Feed the fake cat"', actual: `${page.status}, find(${asked.map((id) => JSON.stringify(id)).join(', ')})` },
      );
      t.assert.equal((await app.get('/todos/6')).status, 404, 'status of GET /todos/6 (the model has no todo 6)');
    },
  },
  {
    id: 'create-through-model',
    name: 'POST /todos hands the form to the model’s create() and redirects (303) to the new todo',
    task: 'create',
    measuresTime: false,
    async run(t) {
      const { app, model } = await serveWithFake(t);
      const answer = await app.post('/todos', { title: 'Write the tests', due: '2026-12-24' });
      const creates = model.calls.filter(([name]) => name === 'create');
      t.assert.equal(creates.map(([, fields]) => ({ title: fields.title, due: fields.due })), [{ title: 'Write the tests', due: '2026-12-24' }], 'calls to create() on the given model, with the posted fields');
      t.assert.ok(
        answer.status === 303 && answer.headers.location === '/todos/42',
        `After a successful create the controller should redirect with 303 See Other to /todos/42 (the id the model gave), so reloading the page does not post again.`,
        { expected: '303 → /todos/42', actual: `${answer.status}${answer.headers.location ? ` → ${answer.headers.location}` : ''}` },
      );
    },
  },
  {
    id: 'model-decides-validity',
    name: 'The model alone decides what is valid: its errors are shown with 422, and what it accepts is saved',
    task: 'create',
    measuresTime: false,
    async run(t) {
      const { app, model } = await serveWithFake(t);
      const rejected = await app.post('/todos', { title: 'spam', due: '2026-12-24' });
      t.assert.ok(
        rejected.status === 422 && rejected.body.includes('no spam, please'),
        'The model rejected the title "spam" with an error; the controller should render the form again with status 422 and show the model\'s errors.',
        { expected: '422 showing "The fake model says: no spam, please."', actual: `${rejected.status} ${rejected.body.slice(0, 120)}` },
      );
      const long = 'a'.repeat(200);
      const accepted = await app.post('/todos', { title: long, due: '' });
      const createdLong = model.calls.some(([name, fields]) => name === 'create' && fields?.title === long);
      t.assert.ok(
        createdLong && accepted.status === 303,
        'This model accepts a 200-character title with no due date, but the controller turned it down before asking (or without saving it). The controller keeps its own copy of the validation rules; leave them to the model, so there is only one to change.',
        { expected: 'create() called and 303', actual: `${createdLong ? 'create() called' : 'create() not called'}, ${accepted.status}` },
      );
    },
  },
];
