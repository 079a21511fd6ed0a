import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';
import { archlab } from './src/astro/archlab-integration.ts';
import { archlabRunner } from './src/runner/astro-integration.ts';

export default defineConfig({
  output: 'static',
  trailingSlash: 'always',
  server: { port: 4321, host: '127.0.0.1' },
  integrations: [archlab(), archlabRunner(), mdx()],
  markdown: {
    shikiConfig: { themes: { light: 'github-light', dark: 'github-dark' } },
  },
});
