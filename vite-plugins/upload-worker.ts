/**
 * The upload reader's worker thread (app/server/uploads/read-table.worker.ts) is not imported by the app — it
 * is started by file name — so the Remix build would leave it out. After the server build, this plugin builds
 * it with Vite's SSR build beside the server bundle, as build/server/read-table.worker.js, where
 * read-pool.server.ts looks for it (packages stay external, as in the server bundle). One `remix vite:build`
 * therefore produces everything `node server.js` runs, wherever the build is started from.
 */
import path from 'node:path';
import { build, type Plugin } from 'vite';
import tsconfigPaths from 'vite-tsconfig-paths';

export const UPLOAD_WORKER_SOURCE = 'app/server/uploads/read-table.worker.ts';
export const UPLOAD_WORKER_BUILT = 'read-table.worker.js';

export function uploadWorker(): Plugin {
  let serverBuild: { root: string; outDir: string } | null = null;
  return {
    name: 'peihuo:upload-worker',
    apply: 'build',
    configResolved(config) {
      serverBuild = config.build.ssr ? { root: config.root, outDir: path.resolve(config.root, config.build.outDir) } : null;
    },
    async closeBundle() {
      if (!serverBuild) return;
      await build({
        configFile: false,
        root: serverBuild.root,
        logLevel: 'warn',
        plugins: [tsconfigPaths()],
        build: {
          ssr: path.resolve(serverBuild.root, UPLOAD_WORKER_SOURCE),
          outDir: serverBuild.outDir,
          emptyOutDir: false,
          target: 'node20',
          copyPublicDir: false,
          rollupOptions: { output: { format: 'es', entryFileNames: UPLOAD_WORKER_BUILT } },
        },
      });
    },
  };
}
