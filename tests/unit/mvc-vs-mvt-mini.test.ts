// The tiny framework the mvc-vs-mvt exercises share (sandboxes/mvc-vs-mvt/_shared/mini): router, templates, store, app.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const mini = join(import.meta.dirname, '../../sandboxes/mvc-vs-mvt/_shared/mini');
const { path, route, resolve } = await import(join(mini, 'router.js'));
const { renderString, markSafe } = await import(join(mini, 'templates.js'));
const { FileStore, MemoryStore, table } = await import(join(mini, 'store.js'));
const { createApp, render, text } = await import(join(mini, 'app.js'));

describe('router', () => {
  it('converts <int:…> captures to numbers and refuses text where a number is expected', () => {
    const routes = [path('todos/<int:id>/', 'detail'), path('tags/<slug:tag>/', 'tag')];
    expect(resolve(routes, 'GET', '/todos/42/')).toMatchObject({ params: { id: 42 } });
    expect(resolve(routes, 'GET', '/todos/abc/')).toBeNull();
    expect(resolve(routes, 'GET', '/tags/new-in/')).toMatchObject({ params: { tag: 'new-in' } });
  });

  it('keeps :name captures as text, matches the method, and reports the methods a path allows', () => {
    const routes = [route('GET', '/todos/:id', 'show'), route('POST', '/todos', 'create')];
    expect(resolve(routes, 'GET', '/todos/7')).toMatchObject({ params: { id: '7' } });
    expect(resolve(routes, 'DELETE', '/todos/7')).toEqual({ allowed: ['GET'] });
    expect(resolve(routes, 'GET', '/nothing')).toBeNull();
  });

  it('tries patterns in order: the first match wins', () => {
    const routes = [path('todos/<str:slug>/', 'by-slug'), path('todos/<int:id>/', 'by-id')];
    expect(resolve(routes, 'GET', '/todos/5/').route.target).toBe('by-slug');
  });

  it('names an unknown converter and a missing target', () => {
    expect(() => path('todos/<float:x>/', 'v')).toThrow('unknown converter "float"');
    expect(() => path('todos/', undefined)).toThrow('points at nothing');
  });
});

describe('templates', () => {
  it('escapes the five characters Django escapes, unless the value is marked safe', () => {
    expect(renderString(`{{ x }}`, { x: `<a href="x">'&'</a>` })).toBe('&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;');
    expect(renderString('{{ x|safe }}|{{ y }}', { x: '<b>', y: markSafe('<i>') })).toBe('<b>|<i>');
  });

  it('loops with an empty branch, branches with not, and applies filters', () => {
    const source = '{% for t in todos %}[{{ t.title }}{% if not t.done %}!{% endif %}]{% empty %}none{% endfor %} {{ todos|length }} {{ cents|money }} {{ who|default:"anon" }}';
    expect(renderString(source, { todos: [{ title: 'a', done: false }, { title: 'b', done: true }], cents: 1205 })).toBe('[a!][b] 2 12.05 anon');
    expect(renderString(source, { todos: [], cents: 0 })).toBe('none 0 0.00 anon');
  });

  it('calls functions met in a dotted name, as Django does — how a template handed a model ends up querying it', () => {
    let queries = 0;
    const Todo = { all: () => (queries++, [{ title: 'from the model' }]) };
    expect(renderString('{% for t in Todo.all %}{{ t.title }}{% endfor %}', { Todo })).toBe('from the model');
    expect(queries).toBe(1);
    expect(renderString('{{ x._secret }}', { x: { _secret: 's' } })).toBe('');
  });

  it('names the template and line of a mistake', () => {
    expect(() => renderString('ok\n{% for x %}', {}, 'list.html')).toThrow('list.html:2: write {% for item in list %}');
    expect(() => renderString('{% if x %}open', {}, 'a.html')).toThrow('expected {% endif %}');
    expect(() => renderString('{% block x %}', {}, 'a.html')).toThrow('unknown tag {% block %}');
  });
});

describe('store', () => {
  it('queries copies, filters, orders and gives new rows the next id', () => {
    const todos = table(new MemoryStore({ todos: [{ id: 1, due: 'b', done: false }, { id: 2, due: 'a', done: true }, { id: 3, due: 'c', done: false }] }), 'todos');
    expect(todos.filter({ done: false }, { orderBy: '-due' }).map((t: { id: number }) => t.id)).toEqual([3, 1]);
    const row = todos.get({ id: 1 });
    row.done = true;
    expect(todos.get({ id: 1 }).done).toBe(false);
    expect(todos.create({ due: 'd', done: false }).id).toBe(4);
  });

  it('writes a file store back to its file after every change', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mini-')), 'data.json');
    writeFileSync(file, JSON.stringify({ todos: [{ id: 1, title: 'a' }] }));
    table(new FileStore(file), 'todos').update(1, { title: 'b' });
    expect(JSON.parse(readFileSync(file, 'utf8')).todos).toEqual([{ id: 1, title: 'b' }]);
    expect(() => new FileStore(join(file, 'missing.json'))).toThrow('Cannot read the data file');
  });
});

describe('app', () => {
  it('hands the models given to createApp to views (request.models) and to controllers (constructor)', async () => {
    const models = { Todo: { name: 'the injected model' } };
    class Todos {
      given: typeof models;
      constructor(given: typeof models) {
        this.given = given;
      }
      show(_request: unknown, { id }: { id: string }) {
        return text(`${this.given.Todo.name} ${id}`);
      }
    }
    const app = createApp({
      routes: [path('v/', (request: { models: typeof models }) => text(request.models.Todo.name)), route('GET', '/c/:id', 'todos#show')],
      models,
      controllers: { todos: Todos },
    });
    expect((await app.handle({ url: '/v/' })).body).toBe('the injected model');
    expect((await app.handle({ url: '/c/3' })).body).toBe('the injected model 3');
    expect((await app.handle({ url: '/c/3', method: 'POST' })).status).toBe(405);
  });

  it('renders a template response and says what a view returned instead of a response', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mini-'));
    writeFileSync(join(dir, 'page.html'), '<p>{{ who }}</p>');
    const app = createApp({ routes: [path('ok/', () => render('page', { who: '<me>' })), path('bad/', () => 'hello')], templates: dir });
    expect(await app.handle({ url: '/ok/' })).toMatchObject({ status: 200, body: '<p>&lt;me&gt;</p>' });
    await expect(app.handle({ url: '/bad/' })).rejects.toThrow('returned "hello"; return render(...)');
  });
});
