/**
 * The retailer's pages install the app (web manifest) and register the service worker (app/sw/sw.ts, built as
 * /sw.js), which keeps the app and the order page on the phone. Only in the production build: `npm run dev`
 * has no sw.js.
 */
import type { LinkDescriptor } from '@remix-run/node';
import { useEffect } from 'react';

export const appManifestLinks: LinkDescriptor[] = [
  { rel: 'manifest', href: '/manifest.webmanifest' },
  { rel: 'apple-touch-icon', href: '/icons/apple-touch-icon.png' },
];

export function useServiceWorker() {
  useEffect(() => {
    if (import.meta.env.DEV || !('serviceWorker' in navigator)) return;
    navigator.serviceWorker
      .register('/sw.js', { scope: '/' })
      .then(() => navigator.serviceWorker.ready)
      // The shop's home and order page are kept on the phone as soon as it has the worker (sw.ts).
      .then((registration) => registration.active?.postMessage('keep-offline-pages'))
      .catch(() => {
        // Not installable here (an insecure origin, a private window): the pages work online as before.
      });
  }, []);
}
