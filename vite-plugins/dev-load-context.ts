/**
 * `npm run dev` serves the app through the same `getLoadContext` as server.js (app/server/load-context.server.ts),
 * so a loader gets the database from its context in development too. Remix's Vite plugin would answer page
 * requests itself with an empty context; this plugin's handler is registered before it (it comes first in
 * vite.config.ts) and answers them with @remix-run/express's request handler over Vite's live server build —
 * the arrangement of Remix's own Express template, inside Vite's dev server.
 */
import type { AppLoadContext, ServerBuild } from '@remix-run/node';
import { createRequestHandler } from '@remix-run/express';
import express from 'express';
import type { Plugin } from 'vite';

type PeihuoBuild = ServerBuild & {
  entry: { module: { getLoadContext(request: { clientAddress: string }): AppLoadContext; connectServices?(): Promise<void> } };
};

export function devLoadContext(): Plugin {
  return {
    name: 'peihuo:dev-load-context',
    apply: 'serve',
    configureServer(server) {
      const build = () => server.ssrLoadModule('virtual:remix/server-build') as Promise<PeihuoBuild>;
      // The shared services server.js connects before listening — the job runner among them, so a job queued in
      // development runs too — connected here at the first request.
      let services: Promise<void> | undefined;
      const app = express();
      app.disable('x-powered-by');
      app.all(
        '*',
        createRequestHandler({
          build,
          mode: 'development',
          getLoadContext: async (req) => {
            const { entry } = await build();
            await (services ??= entry.module.connectServices?.() ?? Promise.resolve());
            return entry.module.getLoadContext({ clientAddress: req.ip ?? 'unknown' });
          },
        }),
      );
      // Returned: registered after Vite's own middleware (modules, assets, HMR), before the Remix plugin's.
      return () => {
        server.middlewares.use(app);
      };
    },
  };
}
