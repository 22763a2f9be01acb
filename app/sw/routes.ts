/** Which requests the service worker (sw.ts) keeps copies of, as plain functions its unit test can call. */

export const PAGES_CACHE = 'peihuo-pages';
export const ROUTES_CACHE = 'peihuo-routes';
export const OFFLINE_PAGE = '/offline.html';

/** The shop's pages that open from the phone without signal: its home and its order page. */
export const OFFLINE_PAGES = ['/retailer', '/retailer/order'] as const;

/**
 * What the worker fetches and keeps as soon as it runs: each of those pages' document (a page opened anew) and
 * its `.data` answer for every route (the page reached by a link from another, say home's to-do, without signal).
 */
export const OFFLINE_COPIES: readonly string[] = OFFLINE_PAGES.flatMap((page) => [page, `${page}.data`]);

/** The page's document or its `.data` loader call (Remix single fetch), on this site. */
export function isOfflinePage(url: URL, origin: string): boolean {
  if (url.origin !== origin) return false;
  const path = url.pathname.endsWith('.data') ? url.pathname.slice(0, -'.data'.length) : url.pathname;
  return (OFFLINE_PAGES as readonly string[]).includes(path);
}

/** The route ids a `.data` call asks for (`_routes`), or null for all of them. */
function routesAsked(url: URL): string[] | null {
  const values = url.searchParams.getAll('_routes');
  return values.length ? values.flatMap((v) => v.split(',')).filter(Boolean) : null;
}

/**
 * Whether a kept answer to `cached` can stand in for `wanted`: the same page's `.data` call, holding every route
 * `wanted` asks for (an answer for all routes holds any subset).
 */
export function routesCovered(cached: URL, wanted: URL): boolean {
  if (cached.origin !== wanted.origin || cached.pathname !== wanted.pathname || !wanted.pathname.endsWith('.data')) return false;
  const have = routesAsked(cached);
  if (have === null) return true;
  const want = routesAsked(wanted);
  return want !== null && want.every((r) => have.includes(r));
}
