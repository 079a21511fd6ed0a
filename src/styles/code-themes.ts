/**
 * The syntax colours of every highlighted code block (lesson prose and the workspace's static code), one theme per
 * colour scheme. Code blocks sit on the page's own backgrounds (`--bg-soft`, `--bg` in global.css), so every colour
 * here reaches 4.5:1 against both backgrounds of its scheme (WCAG AA for normal text);
 * tests/unit/code-themes.test.ts measures it. Scopes are TextMate scope names, as Shiki's grammars emit them.
 */

interface TokenColor {
  scope: string[];
  settings: { foreground: string; fontStyle?: string };
}

export interface CodeTheme {
  name: string;
  type: 'light' | 'dark';
  colors: { 'editor.foreground': string; 'editor.background': string };
  tokenColors: TokenColor[];
}

/** What each kind of token is coloured, by scheme. */
interface Palette {
  foreground: string;
  background: string;
  comment: string;
  keyword: string;
  string: string;
  constant: string;
  entity: string;
  variable: string;
  tag: string;
  inserted: string;
  deleted: string;
}

const light: Palette = {
  foreground: '#1d1d1f',
  background: '#f3f3f0',
  comment: '#5f6670',
  keyword: '#b3261e',
  string: '#0a3069',
  constant: '#0550ae',
  entity: '#6639ba',
  variable: '#953800',
  tag: '#116329',
  inserted: '#116329',
  deleted: '#b3261e',
};

const dark: Palette = {
  foreground: '#e8e8ec',
  background: '#1e2026',
  comment: '#9ba3ae',
  keyword: '#ff8a80',
  string: '#a5d6ff',
  constant: '#79c0ff',
  entity: '#d2a8ff',
  variable: '#ffa657',
  tag: '#7ee787',
  inserted: '#7ee787',
  deleted: '#ff8a80',
};

function theme(name: string, type: CodeTheme['type'], p: Palette): CodeTheme {
  return {
    name,
    type,
    colors: { 'editor.foreground': p.foreground, 'editor.background': p.background },
    tokenColors: [
      { scope: ['comment', 'punctuation.definition.comment', 'string.comment'], settings: { foreground: p.comment, fontStyle: 'italic' } },
      { scope: ['keyword', 'storage', 'storage.type', 'storage.modifier', 'keyword.operator.new', 'keyword.operator.expression'], settings: { foreground: p.keyword } },
      { scope: ['string', 'string.template', 'punctuation.definition.string', 'string.regexp', 'markup.inline.raw'], settings: { foreground: p.string } },
      {
        scope: ['constant', 'constant.numeric', 'constant.language', 'constant.character.escape', 'support.constant', 'variable.other.constant', 'entity.other.attribute-name', 'meta.property-name', 'support.type.property-name'],
        settings: { foreground: p.constant },
      },
      { scope: ['entity.name.function', 'support.function', 'entity.name.type', 'entity.name.class', 'support.class', 'entity.other.inherited-class', 'meta.function-call'], settings: { foreground: p.entity } },
      { scope: ['variable.parameter', 'variable.language', 'variable.other.readwrite.alias', 'markup.heading', 'entity.name.section'], settings: { foreground: p.variable } },
      { scope: ['entity.name.tag', 'support.tag', 'punctuation.definition.tag'], settings: { foreground: p.tag } },
      { scope: ['markup.inserted', 'punctuation.definition.inserted'], settings: { foreground: p.inserted } },
      { scope: ['markup.deleted', 'punctuation.definition.deleted', 'invalid'], settings: { foreground: p.deleted } },
      { scope: ['markup.bold'], settings: { foreground: p.foreground, fontStyle: 'bold' } },
      { scope: ['markup.italic'], settings: { foreground: p.foreground, fontStyle: 'italic' } },
    ],
  };
}

/**
 * The same palette as a Monaco theme (its tokenizers name tokens `comment`, `keyword`, `string.key.json`…, and a rule
 * matches a token name and every name it prefixes; unmatched tokens take the `''` rule), so the editor's code meets
 * the same contrast as the lessons'.
 */
export function editorTheme(scheme: 'light' | 'dark') {
  const p = scheme === 'dark' ? dark : light;
  const rule = (token: string, colour: string, fontStyle?: string) => ({ token, foreground: colour.slice(1), ...(fontStyle ? { fontStyle } : {}) });
  return {
    base: scheme === 'dark' ? ('vs-dark' as const) : ('vs' as const),
    // Not the base theme's rules: some of them (`delimiter.html`, `string.sql`, `variable.predefined`…) fall below 4.5:1.
    inherit: false,
    rules: [
      rule('', p.foreground),
      rule('comment', p.comment, 'italic'),
      rule('keyword', p.keyword),
      rule('string', p.string),
      rule('string.key', p.constant),
      rule('number', p.constant),
      rule('regexp', p.variable),
      rule('type', p.entity),
      rule('tag', p.tag),
      rule('metatag', p.tag),
      rule('attribute.name', p.constant),
      rule('attribute.value', p.string),
      rule('delimiter', p.foreground),
      rule('operator', p.foreground),
      rule('identifier', p.foreground),
      rule('variable', p.variable),
      rule('predefined', p.entity),
      rule('annotation', p.entity),
      rule('emphasis', p.foreground, 'italic'),
      rule('strong', p.foreground, 'bold'),
      rule('header', p.variable),
      rule('invalid', p.deleted),
    ],
    colors: {
      'editor.foreground': p.foreground,
      'editor.background': p.background,
      // Line numbers, dimmed ones too, as legible as the comments.
      'editorLineNumber.foreground': p.comment,
      'editorLineNumber.dimmedForeground': p.comment,
    },
  };
}

/** The themes by colour scheme, as `shikiConfig.themes` and `<Code themes>` take them. */
export const codeThemes = { light: theme('archlab-light', 'light', light), dark: theme('archlab-dark', 'dark', dark) };
