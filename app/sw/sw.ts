/// <reference lib="webworker" />
/**
 * The service worker (built by vite-plugins/service-worker.ts into build/client/sw.js, with Workbox's precache
 * list injected; registered from the retailer's pages with scope `/`).
 *
 * - Precache (cache first): the JavaScript and CSS the retailer's pages use (hashed, immutable /assets/*), the
 *   offline page, the web manifest and its icons. Updated when a new build changes the list.
 * - The shop's home and order page — the document and its `.data` loader call — network first, the last good
 *   copy kept (status 200 only, never a redirect, never a POST): on a dead link the page opens from the phone,
 *   anew or by a link (both copies are fetched as soon as the worker runs).
 *   A document that takes longer than a few seconds comes from the copy, and the network answer refreshes it.
 * - Route discovery (`/__manifest`, no user data) the same way; any other page is the network's, with the
 *   offline page when there is none.
 * - Whose data: the copies are one shop's pages. Opening the sign-in page (a new sign-in may follow) drops them;
 *   signing out also deletes the changes kept on the phone (app/ui/offline/outbox.ts). Never another user's
 *   page from the cache.
 * - Background Sync: changes kept on the phone are sent when the browser says the link is back, even with the
 *   app closed (the page sends them itself as well, one sender at a time).
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst, NetworkOnly } from 'workbox-strategies';
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { ExpirationPlugin } from 'workbox-expiration';
import { OUTBOX_DB, OUTBOX_SYNC_TAG, flushEverything } from '~/ui/offline/outbox';
import { OFFLINE_COPIES, OFFLINE_PAGE, PAGES_CACHE, ROUTES_CACHE, isOfflinePage, routesCovered } from './routes';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<PrecacheEntry | string> };

// A new build takes over at once: its precache has every asset the new pages ask for.
void self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);

const keepOk = () => [new CacheableResponsePlugin({ statuses: [200] }), new ExpirationPlugin({ maxEntries: 40, maxAgeSeconds: 14 * 24 * 3600 })];

// Documents: network first; a slow link gets the copy after a few seconds.
registerRoute(
  ({ request, url }) => request.mode === 'navigate' && isOfflinePage(url, self.location.origin),
  new NetworkFirst({
    cacheName: PAGES_CACHE,
    networkTimeoutSeconds: 4,
    plugins: [...keepOk(), { handlerDidError: async () => (await matchPrecache(OFFLINE_PAGE)) ?? Response.error() }],
  }),
);

// The `.data` call of those pages: network first, no timeout (a reload after a submit must be the server's).
// With no copy of this very call, a copy of the same page's call that holds every route asked for will do.
registerRoute(
  ({ request, url }) => request.mode !== 'navigate' && isOfflinePage(url, self.location.origin),
  new NetworkFirst({
    cacheName: PAGES_CACHE,
    plugins: [
      ...keepOk(),
      {
        handlerDidError: async ({ request }) => {
          const cache = await caches.open(PAGES_CACHE);
          const wanted = new URL(request.url);
          for (const key of await cache.keys()) {
            if (routesCovered(new URL(key.url), wanted)) return (await cache.match(key)) ?? Response.error();
          }
          return Response.error();
        },
      },
    ],
  }),
);

registerRoute(({ url }) => url.origin === self.location.origin && url.pathname === '/__manifest', new NetworkFirst({ cacheName: ROUTES_CACHE, plugins: keepOk() }));

// Any other page: the network's, or the offline page.
registerRoute(
  new NavigationRoute(new NetworkOnly({ plugins: [{ handlerDidError: async () => (await matchPrecache(OFFLINE_PAGE)) ?? Response.error() }] }), {
    denylist: [/\.data$/],
  }),
);

/** Drops the copies of the shop's pages; with `signedOut`, also the changes kept on the phone. */
async function forgetUser(signedOut: boolean) {
  await Promise.all([caches.delete(PAGES_CACHE), caches.delete(ROUTES_CACHE)]);
  if (signedOut) {
    await new Promise<void>((resolve) => {
      const req = indexedDB.deleteDatabase(OUTBOX_DB);
      req.onsuccess = req.onerror = req.onblocked = () => resolve();
    });
  }
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin) return;
  const path = url.pathname.replace(/\.data$/, '');
  if (path === '/auth/logout' && event.request.method === 'POST') event.waitUntil(forgetUser(true));
  else if (path === '/auth/login') event.waitUntil(forgetUser(false));
});

/**
 * A retailer's page, online, asks for the pages that must open offline to be kept: those the phone has no copy
 * of yet are fetched once — the document, and the `.data` answer for all its routes, which stands in for the call
 * a link makes (routesCovered): the shop signed in with signal and lost it on home still reaches its order page
 * by home's to-do, as it would by reopening the app.
 */
async function keepOfflinePages() {
  const cache = await caches.open(PAGES_CACHE);
  for (const path of OFFLINE_COPIES) {
    if (await cache.match(path)) continue;
    try {
      const response = await fetch(path, { credentials: 'same-origin' });
      // Not signed in (sent to the sign-in page; a `.data` redirect answers 202) or not a shop: nothing kept.
      if (response.status === 200 && !response.redirected) await cache.put(path, response);
    } catch {
      return;
    }
  }
}

self.addEventListener('message', (event) => {
  if (event.data === 'keep-offline-pages') event.waitUntil(keepOfflinePages());
});

interface SyncEvent extends ExtendableEvent {
  tag: string;
}
/**
 * The link is back (the browser says so): send what waits on the phone — unless the order page is open and in
 * view, which sends it itself and shows the owner what came of it. Still no link: fail, so the browser tries again.
 */
async function syncOutbox() {
  const windows = await self.clients.matchAll({ type: 'window' });
  if (windows.some((c) => c.visibilityState === 'visible')) return;
  if ((await flushEverything()) === 'offline') throw new Error('no link yet');
}

self.addEventListener('sync' as keyof ServiceWorkerGlobalScopeEventMap, (event) => {
  const e = event as SyncEvent;
  if (e.tag === OUTBOX_SYNC_TAG) e.waitUntil(syncOutbox());
});

/**
 * Web Push (the order reminders, app/server/notifications.server.ts): the server sends `{ title, body, url }`;
 * the phone shows it, and a tap opens (or focuses) the app at that page.
 */
self.addEventListener('push', (event) => {
  let message: { title?: string; body?: string; url?: string } = {};
  try {
    message = (event.data?.json() ?? {}) as typeof message;
  } catch {
    message = { body: event.data?.text() };
  }
  event.waitUntil(
    self.registration.showNotification(message.title ?? '配货', {
      body: message.body ?? '',
      icon: '/icons/icon-192.png',
      tag: 'peihuo-reminder',
      data: { url: message.url && message.url.startsWith('/') ? message.url : '/retailer' },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data as { url?: string } | null)?.url ?? '/retailer';
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((c) => new URL(c.url).origin === self.location.origin);
      if (open) {
        await open.focus();
        await open.navigate(url);
      } else {
        await self.clients.openWindow(url);
      }
    })(),
  );
});
