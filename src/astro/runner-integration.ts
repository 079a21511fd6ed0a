/**
 * Hosts the local runner inside `npm run dev` (Astro's Vite dev server), as `npm start` does in its own server.
 * The runner needs the port the server actually listens on, known only at `astro:server:start`; requests that
 * arrive before then wait for it. Vite's own WebSocket (HMR) shares the upgrade event, so the runner takes only
 * upgrades at its path (refusing them there for a foreign Host) or on a preview host, and leaves the rest to Vite,
 * which checks Host and its own token itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { RUNNER_PATH } from '../schemas/runner.ts';
import { classifyHost, serverHostNames } from '../runner/http-guard.ts';
import { createRunner, type AttachedRunner } from '../runner/index.ts';
import { requestPath } from '../runner/request-path.ts';
import { tokenForStart, tokenLink } from '../runner/token.ts';

export function archlabRunner(): AstroIntegration {
  let repoRoot = process.cwd();
  let resolveRunner: (runner: AttachedRunner | null) => void = () => {};
  const runnerReady = new Promise<AttachedRunner | null>((resolve) => (resolveRunner = resolve));
  let runner: AttachedRunner | null = null;

  return {
    name: 'archlab-runner',
    hooks: {
      'astro:config:done': ({ config }) => {
        repoRoot = fileURLToPath(config.root);
      },
      'astro:server:setup': ({ server }) => {
        server.middlewares.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
          void runnerReady.then((attached) => {
            if (attached?.handleRequest(req, res)) return;
            next();
          });
        });
        server.httpServer?.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
          // A client reset while waiting for the runner must not become an uncaught error.
          socket.on('error', () => socket.destroy());
          void runnerReady.then((attached) => {
            const address = server.httpServer?.address();
            if (!attached || !address || typeof address === 'string') return;
            const host = classifyHost(req.headers.host, address.port, serverHostNames(address.address));
            if (host.kind === 'preview' || requestPath(req) === RUNNER_PATH) attached.handleUpgrade(req, socket, head);
          });
        });
      },
      'astro:server:start': async ({ address, logger }) => {
        try {
          const token = tokenForStart(process.env);
          runner = await createRunner({ port: address.port, bindHost: address.address, repoRoot, token });
          logger.info(`local runner at ${RUNNER_PATH}; open this link to edit, run and check code (it carries this start's token):`);
          logger.info(tokenLink(`http://localhost:${address.port}`, token));
        } catch (error) {
          logger.error(`the local runner could not start: ${(error as Error).message}`);
        }
        resolveRunner(runner);
      },
      'astro:server:done': async () => {
        await runner?.close();
      },
    },
  };
}
