/**
 * The framework's front door: it turns an HTTP request into a call to your code and your answer into HTTP.
 *
 *   request → router (urls / routes) → view function or controller action → response
 *                                          ↑ models are handed in here            ↓ render(): template + context
 *
 * Django style: a route points at a view function, called as view(request, params); `request.models` holds the
 * models the app was created with. Rails style: a route points at 'todos#show'; the framework creates
 * `new controllers.todos(models)` and calls its `show(request, params)`. Either way the models come from
 * createApp({ models }) — the one place to swap a real model for another (a test's fake, say).
 */
import http from 'node:http';
import { resolve } from './router.js';
import { renderTemplate } from './templates.js';

/** A page to render later: the template's name and the plain data it shows. */
export const render = (template, context = {}, { status = 200 } = {}) => ({ type: 'render', template, context, status });
export const redirect = (location, status = 302) => ({ type: 'redirect', location, status });
export const json = (data, status = 200) => ({ type: 'json', data, status });
export const text = (body, status = 200) => ({ type: 'text', body: String(body), status });
export const notFound = (message = 'Not found') => text(message, 404);
export const forbidden = (message = 'Forbidden') => text(message, 403);

function parseForm(headers, body) {
  if (!body) return {};
  if (String(headers['content-type']).startsWith('application/json')) return JSON.parse(body);
  return Object.fromEntries(new URLSearchParams(body));
}

function callController(spec, controllers, models, request, params) {
  const [name, action] = spec.split('#');
  const Controller = controllers[name];
  if (typeof Controller !== 'function') throw new Error(`Route to "${spec}": no controller named "${name}" was given to createApp`);
  const controller = new Controller(models);
  if (typeof controller[action] !== 'function') throw new Error(`Route to "${spec}": ${Controller.name} has no action "${action}"`);
  return controller[action](request, params);
}

function toHttp(response, templates, where) {
  if (!response || typeof response.type !== 'string') {
    throw new Error(`${where} returned ${JSON.stringify(response)}; return render(...), redirect(...), json(...), text(...) or notFound()`);
  }
  if (response.type === 'render') {
    const name = /\.\w+$/.test(response.template) ? response.template : `${response.template}.html`;
    const body = renderTemplate(templates, name, response.context);
    return { status: response.status, headers: { 'content-type': 'text/html; charset=utf-8' }, body };
  }
  if (response.type === 'redirect') return { status: response.status, headers: { location: response.location }, body: '' };
  if (response.type === 'json') return { status: response.status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(response.data) };
  return { status: response.status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: response.body };
}

/**
 * routes: path()/route() entries; templates: the folder of templates; models: handed to every view and controller;
 * controllers: { name: class } for 'name#action' routes.
 */
export function createApp({ routes, templates = 'templates', models = {}, controllers = {} }) {
  if (!Array.isArray(routes)) throw new Error('createApp needs `routes`: the list of path()/route() entries');
  return {
    models,
    /** One request in, one `{ status, headers, body }` out. */
    async handle({ method = 'GET', url = '/', headers = {}, body = '' }) {
      const { pathname, searchParams } = new URL(url, 'http://app.local');
      const found = resolve(routes, method, pathname);
      if (!found) return { status: 404, headers: {}, body: `No URL pattern matches ${pathname}` };
      if (found.allowed) return { status: 405, headers: { allow: found.allowed.join(', ') }, body: 'Method not allowed' };
      const request = {
        method,
        path: pathname,
        query: Object.fromEntries(searchParams),
        form: parseForm(headers, body),
        headers,
        // Stands in for a login session: the signed-in user's name, from an X-User header or ?as=<name>.
        user: headers['x-user'] || searchParams.get('as') || null,
        models,
      };
      const { target, pattern } = found.route;
      const where = typeof target === 'string' ? `The action ${target}` : `The view for "${pattern}"`;
      const response =
        typeof target === 'string'
          ? await callController(target, controllers, models, request, found.params)
          : await target(request, found.params);
      return toHttp(response, templates, where);
    },
  };
}

/** Serves the app on `port`; resolves with the node:http server once it listens. */
export function serve(app, port = Number(process.env.PORT ?? 3000)) {
  const server = http.createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    let answer;
    try {
      answer = await app.handle({ method: req.method, url: req.url, headers: req.headers, body });
    } catch (error) {
      console.error(error);
      answer = { status: 500, headers: { 'content-type': 'text/plain' }, body: `Server error: ${error.message}` };
    }
    console.log(`${req.method} ${req.url} → ${answer.status}`);
    res.writeHead(answer.status, answer.headers).end(answer.body);
  });
  return new Promise((done) => server.listen(port, () => done(server)));
}
