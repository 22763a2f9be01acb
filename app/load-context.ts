/**
 * What every loader and action gets besides the request: the one place Remix's AppLoadContext is declared.
 * server.js builds it per request through `getLoadContext` (app/server/load-context.server.ts); `npm run dev`
 * through the same function (vite-plugins/dev-load-context.ts); tests through tests/support/route-args.ts.
 */
import type { DB } from '../db/connect';
import type { LoginLimiter } from './server/login-limits.server';

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** The database: routes hand it to app/server functions, never open or look up one of their own. */
    db: DB;
    /** Per-response nonce for the Content-Security-Policy (undefined in development). */
    cspNonce?: string;
    /** The client's address, as trusted by server.js (proxy-aware when TRUST_PROXY is set). */
    clientAddress: string;
    /** The sign-in limits (app/server/login-limits.server.ts): one per process, shared by every instance through Redis when REDIS_URL is set. */
    loginLimiter: LoginLimiter;
  }
}
export {};
