/**
 * Search over the course with Pagefind: its script and index are files the build wrote to `/pagefind/`, loaded the
 * first time the learner focuses the search box, so search works offline and on any static host. Results are grouped
 * by kind (lesson sections, exercises, flashcards, quiz questions); arrow keys move between them, Escape closes.
 */
import { SEARCH_KINDS, type SearchKind } from '../search/kinds.ts';
// Importing from the header keeps this code a file of its own (the CSP runs no inline script) and lets the bundler
// keep the header's modules in one file instead of splitting out what this shares with it.
import { SEARCH_BOX } from './header.ts';
import { hasModifier } from './typing-target.ts';

/** Where the build writes Pagefind's files (see src/astro/search-index.ts). */
const PAGEFIND_SCRIPT = '/pagefind/pagefind.js';
/** Results whose text is fetched and shown; Pagefind loads each one's fragment separately. */
const SHOWN = 12;

interface Fragment {
  url: string;
  excerpt: string;
  meta: Record<string, string | undefined>;
  sub_results?: Array<{ title: string; url: string; excerpt: string }>;
}
interface Pagefind {
  init(): Promise<void>;
  debouncedSearch(term: string, options?: object, ms?: number): Promise<{ results: Array<{ data(): Promise<Fragment> }> } | null>;
}

interface Hit {
  title: string;
  context?: string;
  url: string;
  excerpt: string;
}

const GROUP_TITLES: Record<SearchKind, string> = {
  lesson: 'Lesson sections',
  exercise: 'Exercises',
  card: 'Flashcards',
  quiz: 'Quiz questions',
};

function hits(fragment: Fragment): { kind: SearchKind; hits: Hit[] } {
  const kind = (SEARCH_KINDS as readonly string[]).includes(fragment.meta.kind ?? '') ? (fragment.meta.kind as SearchKind) : 'lesson';
  const title = fragment.meta.title ?? fragment.url;
  if (kind === 'lesson' && fragment.sub_results?.length) {
    return { kind, hits: fragment.sub_results.map((s) => ({ title: s.title, context: s.title === title ? undefined : title, url: s.url, excerpt: s.excerpt })) };
  }
  return { kind, hits: [{ title, context: fragment.meta.lesson, url: fragment.url, excerpt: fragment.excerpt }] };
}

export async function openSearch(doc: Document): Promise<void> {
  const box = doc.querySelector<HTMLElement>(SEARCH_BOX)!;
  const input = box.querySelector<HTMLInputElement>('input[type="search"]')!;
  const panel = box.querySelector<HTMLElement>('[data-search-results]')!;
  const status = box.querySelector<HTMLElement>('[data-search-status]')!;
  const groups = box.querySelector<HTMLElement>('[data-search-groups]')!;
  const links = () => [...groups.querySelectorAll<HTMLAnchorElement>('a')];
  // No aria-expanded: a searchbox may not carry it (axe: aria-allowed-attr); the status line announces the results.
  const show = (open: boolean) => {
    panel.hidden = !open;
  };

  let pagefind: Pagefind;
  try {
    pagefind = (await import(/* @vite-ignore */ PAGEFIND_SCRIPT)) as Pagefind;
    await pagefind.init();
  } catch {
    status.textContent = 'Search is built with the site: it works after `npm run build` (npm start builds it), not in the dev server.';
    show(true);
    return;
  }

  async function run(): Promise<void> {
    const term = input.value.trim();
    if (!term) {
      groups.replaceChildren();
      status.textContent = '';
      show(false);
      return;
    }
    const search = await pagefind.debouncedSearch(term, {}, 150);
    // A later keystroke superseded this search.
    if (!search || input.value.trim() !== term) return;
    const fragments = await Promise.all(search.results.slice(0, SHOWN).map((r) => r.data()));
    if (input.value.trim() !== term) return;
    const byKind = new Map<SearchKind, Hit[]>();
    for (const f of fragments) {
      const { kind, hits: found } = hits(f);
      byKind.set(kind, [...(byKind.get(kind) ?? []), ...found]);
    }
    groups.replaceChildren(...SEARCH_KINDS.filter((k) => byKind.has(k)).map((k) => group(k, byKind.get(k)!)));
    const n = search.results.length;
    status.textContent = n === 0 ? `No results for “${term}”.` : `${n} ${n === 1 ? 'page or item' : 'pages and items'} match “${term}”${n > SHOWN ? `; the first ${SHOWN} are shown` : ''}. Use the arrow keys to move through them.`;
    show(true);
  }

  function group(kind: SearchKind, found: Hit[]): HTMLElement {
    const section = doc.createElement('section');
    const id = `search-group-${kind}`;
    section.setAttribute('aria-labelledby', id);
    const list = doc.createElement('ul');
    list.append(
      ...found.map((hit) => {
        const li = doc.createElement('li');
        const a = Object.assign(doc.createElement('a'), { href: hit.url, textContent: hit.title });
        if (hit.context) li.append(Object.assign(doc.createElement('span'), { className: 'search-context', textContent: hit.context }));
        const excerpt = Object.assign(doc.createElement('p'), { className: 'search-excerpt' });
        // Pagefind's excerpt is escaped text with <mark> around the matched words.
        excerpt.innerHTML = hit.excerpt;
        li.prepend(a);
        li.append(excerpt);
        return li;
      }),
    );
    section.append(Object.assign(doc.createElement('h2'), { id, textContent: GROUP_TITLES[kind] }), list);
    return section;
  }

  input.addEventListener('input', () => void run());
  input.addEventListener('focus', () => {
    if (input.value.trim()) show(true);
  });
  box.addEventListener('keydown', (event) => {
    if (hasModifier(event)) return;
    const all = links();
    const at = all.indexOf(doc.activeElement as HTMLAnchorElement);
    if (event.key === 'Escape') {
      show(false);
      input.focus();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!all.length) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      if (at < 0) (step > 0 ? all[0]! : all.at(-1)!).focus();
      else if (at + step < 0) input.focus();
      else all[Math.min(at + step, all.length - 1)]!.focus();
    }
  });
  box.addEventListener('focusout', (event) => {
    if (!box.contains(event.relatedTarget as Node | null)) show(false);
  });
  await run();
}
