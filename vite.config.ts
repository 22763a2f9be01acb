import { vitePlugin as remix } from '@remix-run/dev';
import { defineConfig } from 'vite';
import tsconfigPaths from 'vite-tsconfig-paths';
import { devLoadContext } from './vite-plugins/dev-load-context';
import { uploadWorker } from './vite-plugins/upload-worker';
import { serviceWorker } from './vite-plugins/service-worker';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  server: { port: 3000 },
  plugins: [
    // Before remix(): page requests in `npm run dev` get the app's load context (the database) as in production.
    devLoadContext(),
    remix({
      ignoredRouteFiles: ['**/*.test.*', '**/.*'],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
      },
    }),
    tsconfigPaths(),
    uploadWorker(),
    // build/client/sw.js with Workbox's precache list, after the rest of the build (the offline order page).
    serviceWorker(),
  ],
  build: { target: 'es2022' },
});
