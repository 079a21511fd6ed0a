/**
 * The router: a list of URL patterns, tried in order; the first that matches wins.
 *
 * Two spellings of the same idea:
 *   Django style   path('todos/<int:id>/', views.todoDetail)     — `<int:id>` converts to a number, `<str:name>` does not
 *   Rails style    route('GET', '/todos/:id', 'todos#show')      — `:id` captures one path segment as text
 */

/** What a `<converter:name>` may match, and how the captured text is turned into a value. */
const CONVERTERS = {
  int: { pattern: '[0-9]+', convert: Number },
  str: { pattern: '[^/]+', convert: (text) => text },
  slug: { pattern: '[-a-zA-Z0-9_]+', convert: (text) => text },
};

/** Turns a pattern into a regular expression plus the names and converters of its captures. */
function compile(pattern) {
  const captures = [];
  const body = pattern
    .replace(/^\//, '')
    .split(/(<[^>]+>|:[A-Za-z_]\w*)/)
    .map((part) => {
      const angle = /^<(?:(\w+):)?(\w+)>$/.exec(part);
      const colon = /^:(\w+)$/.exec(part);
      if (!angle && !colon) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const [type, name] = angle ? [angle[1] ?? 'str', angle[2]] : ['str', colon[1]];
      const converter = CONVERTERS[type];
      if (!converter) throw new Error(`URL pattern "${pattern}": unknown converter "${type}" (known: ${Object.keys(CONVERTERS).join(', ')})`);
      captures.push({ name, convert: converter.convert });
      return `(${converter.pattern})`;
    })
    .join('');
  return { regex: new RegExp(`^${body}$`), captures };
}

function makeRoute(methods, pattern, target, name) {
  if (typeof pattern !== 'string') throw new Error(`A URL pattern must be a string, got ${typeof pattern}`);
  if (target === undefined || target === null) throw new Error(`URL pattern "${pattern}" points at nothing: is the view or action name spelled right?`);
  return { methods, pattern, target, name, ...compile(pattern) };
}

/** Django's path(): any HTTP method reaches the view, which decides what to do with it. */
export const path = (pattern, view, { name } = {}) => makeRoute(null, pattern, view, name);

/** One HTTP method and pattern to a `controller#action` (Rails' `get '/todos', to: 'todos#index'`). */
export const route = (method, pattern, action, { name } = {}) => makeRoute([method.toUpperCase()], pattern, action, name);

/**
 * Finds the route for a request. Returns `{ route, params }`, or `{ allowed }` when the path exists only for other
 * methods (the app answers 405), or null (404).
 */
export function resolve(routes, method, pathname) {
  const relative = decodeURI(pathname).replace(/^\//, '');
  const allowed = new Set();
  for (const r of routes) {
    const match = r.regex.exec(relative);
    if (!match) continue;
    if (r.methods && !r.methods.includes(method)) {
      r.methods.forEach((m) => allowed.add(m));
      continue;
    }
    const params = Object.fromEntries(r.captures.map((c, i) => [c.name, c.convert(match[i + 1])]));
    return { route: r, params };
  }
  return allowed.size ? { allowed: [...allowed] } : null;
}
