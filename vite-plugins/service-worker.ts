/**
 * Builds the service worker (app/sw/sw.ts) once the Remix build is done, as build/client/sw.js, served from the
 * site's root: Vite bundles it (Workbox's modules included) into one classic script, then Workbox's
 * injectManifest writes the precache list into it.
 *
 * What is precached is what the retailer's pages can load: the entry, the root and retailer routes' modules and
 * CSS, the chunks they import (statically, per Remix's manifest, and dynamically, such as the language chunks),
 * the Remix manifest, the offline page, the web manifest and its icons. The staff and manager pages' code (the
 * charts above all) is not: a phone on a weak signal does not download it. Hashed /assets/* need no revision.
 */
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { build, type Plugin } from 'vite';
import tsconfigPaths from 'vite-tsconfig-paths';

export const SERVICE_WORKER_SOURCE = 'app/sw/sw.ts';

interface RemixManifest {
  entry: { module: string; imports?: string[] };
  routes: Record<string, { id: string; module: string; imports?: string[]; css?: string[] }>;
  url: string;
}

/** The route ids whose code a retailer's phone needs. */
export function isRetailerRoute(id: string): boolean {
  return id === 'root' || id === 'routes/retailer' || id.startsWith('routes/retailer.') || id === 'routes/_index';
}

function readRemixManifest(assetsDir: string): RemixManifest {
  const file = fs.readdirSync(assetsDir).find((f) => /^manifest-[\w-]+\.js$/.test(f));
  if (!file) throw new Error(`service worker: no Remix manifest in ${assetsDir}`);
  const sandbox = { window: {} as { __remixManifest?: RemixManifest } };
  vm.runInNewContext(fs.readFileSync(path.join(assetsDir, file), 'utf8'), sandbox);
  if (!sandbox.window.__remixManifest) throw new Error(`service worker: ${file} is not a Remix manifest`);
  return sandbox.window.__remixManifest;
}

/** The /assets/ files a retailer's pages can load (file names), following dynamic imports found in the code. */
export function retailerAssets(assetsDir: string): string[] {
  const manifest = readRemixManifest(assetsDir);
  const all = new Set(fs.readdirSync(assetsDir));
  const name = (url: string) => path.basename(url);
  const wanted = new Set<string>([name(manifest.url), name(manifest.entry.module), ...(manifest.entry.imports ?? []).map(name)]);
  for (const route of Object.values(manifest.routes)) {
    if (!isRetailerRoute(route.id)) continue;
    for (const url of [route.module, ...(route.imports ?? []), ...(route.css ?? [])]) wanted.add(name(url));
  }
  // Dynamic imports (the language chunks, lazily loaded parts) are named in the code that imports them.
  const queue = [...wanted].filter((f) => f.endsWith('.js') && f !== name(manifest.url));
  while (queue.length) {
    const text = fs.readFileSync(path.join(assetsDir, queue.pop()!), 'utf8');
    for (const [ref] of text.matchAll(/[\w.-]+-[\w-]{8}\.(?:js|css)/g)) {
      if (all.has(ref) && !wanted.has(ref)) {
        wanted.add(ref);
        if (ref.endsWith('.js')) queue.push(ref);
      }
    }
  }
  return [...wanted].filter((f) => all.has(f)).sort();
}

export function serviceWorker(): Plugin {
  let serverBuild: { root: string; outDir: string } | null = null;
  return {
    name: 'peihuo:service-worker',
    apply: 'build',
    configResolved(config) {
      serverBuild = config.build.ssr ? { root: config.root, outDir: path.resolve(config.root, config.build.outDir) } : null;
    },
    // After the server build, which Remix runs after the client build: every client file is written by then.
    async closeBundle() {
      if (!serverBuild) return;
      const clientDir = path.join(path.dirname(serverBuild.outDir), 'client');
      const tmpDir = path.join(path.dirname(serverBuild.outDir), '.sw');
      await build({
        configFile: false,
        root: serverBuild.root,
        logLevel: 'warn',
        plugins: [tsconfigPaths()],
        define: { 'process.env.NODE_ENV': JSON.stringify('production') },
        build: {
          outDir: tmpDir,
          emptyOutDir: true,
          copyPublicDir: false,
          target: 'es2020',
          lib: { entry: path.resolve(serverBuild.root, SERVICE_WORKER_SOURCE), formats: ['iife'], name: 'peihuoServiceWorker', fileName: () => 'sw.js' },
        },
      });
      const { injectManifest } = await import('workbox-build');
      const assets = retailerAssets(path.join(clientDir, 'assets')).map((f) => `assets/${f}`);
      const { count, size, warnings } = await injectManifest({
        swSrc: path.join(tmpDir, 'sw.js'),
        swDest: path.join(clientDir, 'sw.js'),
        globDirectory: clientDir,
        globPatterns: [...assets, 'offline.html', 'manifest.webmanifest', 'icons/*.png', 'favicon.svg'],
        dontCacheBustURLsMatching: /^assets\//,
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      });
      fs.rmSync(tmpDir, { recursive: true, force: true });
      for (const w of warnings) this.warn(w);
      this.info?.(`service worker: ${count} files precached (${Math.round(size / 1024)} KB)`);
    },
  };
}
