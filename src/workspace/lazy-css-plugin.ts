/**
 * Build plugin: CSS that Monaco and xterm import is injected as a <style> when their JavaScript runs, instead of
 * being emitted as stylesheets. Astro links every stylesheet reachable from a page's scripts — dynamic imports
 * included — into the page's <head>, where ~170 KB of editor CSS would block the instructions from painting.
 */
import type { Plugin } from 'vite';

const PREFIX = '\0archlab-lazy-css:';

export function lazyPackageCss(packages: readonly string[]): Plugin {
  const owned = (file: string) => packages.some((name) => file.includes(`/node_modules/${name}/`));
  return {
    name: 'archlab-lazy-package-css',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || options.ssr || !/\.css$/.test(source)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      // The id must not end in .css, or Vite's CSS pipeline would take this JavaScript module for a stylesheet.
      return resolved && owned(resolved.id) ? `${PREFIX}${resolved.id}.js` : null;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length, -'.js'.length);
      return [
        `import css from ${JSON.stringify(`${file}?inline`)};`,
        `const style = document.createElement('style');`,
        `style.dataset.from = ${JSON.stringify(file.slice(file.lastIndexOf('/node_modules/') + 14))};`,
        `style.textContent = css;`,
        `document.head.append(style);`,
      ].join('\n');
    },
  };
}
