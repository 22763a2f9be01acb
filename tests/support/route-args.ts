/**
 * What Remix hands a loader or action, for tests that call one directly: the request, the URL params, and the
 * load context with this test's database (as server.js's getLoadContext gives the app's).
 *   await loader(routeArgs(t.db, new Request('http://localhost/staff'), { params: { cycleId: '1' } }));
 */
import type { AppLoadContext } from '@remix-run/node';
import type { DB } from '#db/connect';

export function routeContext(db: DB, clientAddress = '192.0.2.1'): AppLoadContext {
  return { db, clientAddress };
}

export function routeArgs(db: DB, request: Request, options: { params?: Record<string, string>; clientAddress?: string } = {}) {
  return { request, params: options.params ?? {}, context: routeContext(db, options.clientAddress) };
}
