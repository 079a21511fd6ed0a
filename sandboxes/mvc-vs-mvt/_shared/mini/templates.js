/**
 * The template language: a small cousin of Django's.
 *
 *   {{ todo.title }}                 a value, HTML-escaped            {{ note|safe }}   not escaped (trusted HTML only)
 *   {{ items|length }}  {{ price|money }}  {{ name|default:"anon" }}  filters
 *   {% for todo in todos %} … {% empty %} … {% endfor %}
 *   {% if todo.done %} … {% else %} … {% endif %}                   `not` is allowed: {% if not todo.done %}
 *   {# a comment #}
 *
 * Like Django, a dotted name looks up properties and calls any function it meets (with no arguments). That is how a
 * template can end up querying a model it was handed — which is exactly what a template should not do.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A string the template will not escape. Only for HTML you built yourself from escaped parts. */
export class SafeString {
  constructor(html) {
    this.html = String(html);
  }
  toString() {
    return this.html;
  }
}

export const markSafe = (html) => new SafeString(html);

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };

/** The five characters Django's auto-escaping replaces. */
export const escape = (text) => String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]);

/** Whole cents as money text: 1234 → "12.34". */
export const money = (cents) => (Number(cents) / 100).toFixed(2);

const FILTERS = {
  safe: (value) => new SafeString(value ?? ''),
  length: (value) => value?.length ?? 0,
  money,
  default: (value, fallback) => (value === undefined || value === null || value === '' ? fallback : value),
};

class TemplateError extends Error {}

function tokenize(source, name) {
  const tokens = [];
  let line = 1;
  for (const text of source.split(/({{[\s\S]*?}}|{%[\s\S]*?%}|{#[\s\S]*?#})/)) {
    if (text.startsWith('{{')) tokens.push({ type: 'var', expr: text.slice(2, -2).trim(), line });
    else if (text.startsWith('{%')) tokens.push({ type: 'tag', words: text.slice(2, -2).trim().split(/\s+/), line });
    else if (!text.startsWith('{#') && text) tokens.push({ type: 'text', text, line });
    line += text.split('\n').length - 1;
  }
  return { tokens, name };
}

/** Parses tokens into a tree until one of `until` tags; returns the nodes and the tag that ended them. */
function parse(state, until = []) {
  const nodes = [];
  while (state.tokens.length) {
    const token = state.tokens.shift();
    if (token.type !== 'tag') {
      nodes.push(token);
      continue;
    }
    const [tag, ...args] = token.words;
    if (until.includes(tag)) return { nodes, end: tag };
    const where = `${state.name}:${token.line}`;
    if (tag === 'for') {
      if (args.length !== 3 || args[1] !== 'in') throw new TemplateError(`${where}: write {% for item in list %}`);
      const body = parse(state, ['empty', 'endfor']);
      const empty = body.end === 'empty' ? parse(state, ['endfor']) : { nodes: [], end: 'endfor' };
      if (empty.end !== 'endfor') throw new TemplateError(`${where}: {% for %} is never closed with {% endfor %}`);
      nodes.push({ type: 'for', name: args[0], expr: args[2], body: body.nodes, empty: empty.nodes });
    } else if (tag === 'if') {
      if (!args.length) throw new TemplateError(`${where}: {% if %} needs a condition`);
      const yes = parse(state, ['else', 'endif']);
      const no = yes.end === 'else' ? parse(state, ['endif']) : { nodes: [], end: 'endif' };
      if (no.end !== 'endif') throw new TemplateError(`${where}: {% if %} is never closed with {% endif %}`);
      nodes.push({ type: 'if', expr: args.join(' '), yes: yes.nodes, no: no.nodes });
    } else {
      throw new TemplateError(`${where}: unknown tag {% ${tag} %} (this template language has for, empty, if, else)`);
    }
  }
  if (until.length) throw new TemplateError(`${state.name}: the template ended inside a block; expected {% ${until.at(-1)} %}`);
  return { nodes, end: null };
}

/** A literal ("text", 42) or a dotted name looked up in the context. */
function lookup(expr, scope) {
  if (/^"[^"]*"$|^'[^']*'$/.test(expr)) return expr.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(expr)) return Number(expr);
  let value = scope;
  for (const part of expr.split('.')) {
    if (part.startsWith('_')) return undefined; // private by convention, as in Django
    const owner = value;
    value = owner === undefined || owner === null ? undefined : owner[part];
    if (typeof value === 'function') value = value.call(owner);
  }
  return value;
}

function evaluate(expr, scope) {
  const [head, ...filters] = expr.split('|');
  let value = lookup(head.trim(), scope);
  for (const filter of filters) {
    const [name, arg] = filter.split(/:(.*)/s);
    const fn = FILTERS[name.trim()];
    if (!fn) throw new TemplateError(`unknown filter "${name.trim()}" (known: ${Object.keys(FILTERS).join(', ')})`);
    value = fn(value, arg === undefined ? undefined : lookup(arg.trim(), scope));
  }
  return value;
}

function truthy(expr, scope) {
  const negated = expr.startsWith('not ');
  const value = evaluate(negated ? expr.slice(4).trim() : expr, scope);
  const yes = Array.isArray(value) ? value.length > 0 : Boolean(value);
  return negated ? !yes : yes;
}

function renderNodes(nodes, scope) {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') out += node.text;
    else if (node.type === 'var') {
      const value = evaluate(node.expr, scope);
      if (value instanceof SafeString) out += value.html;
      else if (value !== undefined && value !== null) out += escape(value);
    } else if (node.type === 'if') out += renderNodes(truthy(node.expr, scope) ? node.yes : node.no, scope);
    else if (node.type === 'for') {
      const list = evaluate(node.expr, scope);
      const items = list && typeof list[Symbol.iterator] === 'function' && typeof list !== 'string' ? [...list] : [];
      if (!items.length) out += renderNodes(node.empty, scope);
      for (const item of items) out += renderNodes(node.body, { ...scope, [node.name]: item });
    }
  }
  return out;
}

/** Renders template source with a context object. `name` is used in error messages. */
export function renderString(source, context = {}, name = 'template') {
  const { nodes } = parse(tokenize(source, name));
  return renderNodes(nodes, context);
}

/** Renders the template file `dir/name`, read fresh each time so edits show at once. */
export function renderTemplate(dir, name, context = {}) {
  let source;
  try {
    source = readFileSync(join(dir, name), 'utf8');
  } catch {
    throw new TemplateError(`Template "${name}" not found in ${dir}/`);
  }
  return renderString(source, context, name);
}
