/**
 * What Remix hands a loader or action, for tests that call one directly: the request, the URL params, and the
 * load context with this test's database (as server.js's getLoadContext gives the app's).
 *   await loader(routeArgs(t.db, new Request('http://localhost/staff'), { params: { cycleId: '1' } }));
 * The sign-in limiter is this test file's own, in memory, unless the test hands in one with its own limits.
 */
import type { AppLoadContext } from '@remix-run/node';
import { createLoginLimiter, type LoginLimiter } from '~/server/login-limits.server';
import type { DB } from '#db/connect';

const fileLoginLimiter = createLoginLimiter({}, null);

export function routeContext(db: DB, clientAddress = '192.0.2.1', loginLimiter: LoginLimiter = fileLoginLimiter): AppLoadContext {
  return { db, clientAddress, loginLimiter };
}

export function routeArgs(db: DB, request: Request, options: { params?: Record<string, string>; clientAddress?: string; loginLimiter?: LoginLimiter } = {}) {
  return { request, params: options.params ?? {}, context: routeContext(db, options.clientAddress, options.loginLimiter) };
}
