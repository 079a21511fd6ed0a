import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { checkCourse } from '../content-check/check-course.ts';
import { formatProblems } from '../content-check/problem.ts';
import { lintChecks } from '../grading/lint-checks.ts';
import { headersFile, isolationHeaders } from '../server/headers.ts';
import { writeSearchIndex } from './search-index.ts';

/**
 * Validates the course before Astro builds it (so a build fails with file and field named, not a stack trace),
 * sends the isolation headers in dev, and writes `dist/_headers` for static hosts and the search index.
 */
export function archlab(): AstroIntegration {
  return {
    name: 'archlab',
    hooks: {
      'astro:config:setup': async ({ config, command, updateConfig, logger }) => {
        const root = fileURLToPath(config.root);
        const { problems } = await checkCourse(root, lintChecks);
        if (problems.length) {
          if (command === 'build') throw new Error(formatProblems(problems));
          logger.error(formatProblems(problems));
        }
        // Astro's own `server.headers` reaches page responses in dev; Vite's alone does not.
        updateConfig({ server: { headers: { ...isolationHeaders } }, vite: { server: { headers: { ...isolationHeaders } } } });
      },
      'astro:build:done': async ({ dir, logger }) => {
        await writeFile(new URL('_headers', dir), headersFile());
        logger.info('wrote _headers');
        const indexed = await writeSearchIndex(fileURLToPath(dir));
        logger.info(`wrote the search index: ${indexed.pages} pages, ${indexed.items} flashcards and quiz questions`);
      },
    },
  };
}
