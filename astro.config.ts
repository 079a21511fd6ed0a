import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';
import { archlab } from './src/astro/archlab-integration.ts';
import { archlabRunner } from './src/astro/runner-integration.ts';
import { codeThemes } from './src/styles/code-themes.ts';
import { lazyPackageCss } from './src/workspace/lazy-css-plugin.ts';

export default defineConfig({
  output: 'static',
  trailingSlash: 'always',
  server: { port: 4321, host: '127.0.0.1' },
  integrations: [archlab(), archlabRunner(), mdx()],
  // Editor and terminal CSS load with their code, not in the page head, so instructions paint first.
  vite: { plugins: [lazyPackageCss(['monaco-editor', '@xterm/xterm'])] },
  markdown: {
    shikiConfig: { themes: codeThemes },
  },
});
