/**
 * The load context of a request (declared in app/load-context.ts): the process's database handle, and what the
 * HTTP server knows about the request. server.js calls this through `build.entry.module.getLoadContext`, and the
 * development server through vite-plugins/dev-load-context.ts, so loaders and actions get the same in both.
 */
import type { AppLoadContext } from '@remix-run/node';
import { db } from './db.server';
import { createLoginLimiter, type LoginLimiter } from './login-limits.server';

/** The process's sign-in limiter, made on the first request (its store, Redis or memory, is chosen then). */
let loginLimiter: LoginLimiter | undefined;

export function getLoadContext(request: { cspNonce?: string; clientAddress: string }): AppLoadContext {
  loginLimiter ??= createLoginLimiter();
  return { db: db(), cspNonce: request.cspNonce, clientAddress: request.clientAddress, loginLimiter };
}
