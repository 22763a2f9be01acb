/**
 * What Remix hands a loader or action, for tests that call one directly: the request, the URL params, and the
 * load context with this test's database (as server.js's getLoadContext gives the app's).
 *   await loader(routeArgs(t.db, new Request('http://localhost/staff'), { params: { cycleId: '1' } }));
 * The sign-in limiter is this test file's own, in memory, unless the test hands in one with its own limits.
 */
import type { SubmissionResult } from '@conform-to/react';
import type { AppLoadContext } from '@remix-run/node';
import { createLoginLimiter, type LoginLimiter } from '~/server/login-limits.server';
import type { DB } from '../../db/connect';

const fileLoginLimiter = createLoginLimiter({}, null);

export function routeContext(db: DB, clientAddress = '192.0.2.1', loginLimiter: LoginLimiter = fileLoginLimiter): AppLoadContext {
  return { db, clientAddress, loginLimiter };
}

export function routeArgs(db: DB, request: Request, options: { params?: Record<string, string>; clientAddress?: string; loginLimiter?: LoginLimiter } = {}) {
  return { request, params: options.params ?? {}, context: routeContext(db, options.clientAddress, options.loginLimiter) };
}

/**
 * What a loader or action answered, read the way Remix reads it: a Response (returned or thrown), `data(body, init)`
 * (its body and status), or a plain body (status 200).
 */
export function answerOf(out: unknown): { status: number; response: Response | null; body: unknown } {
  if (out instanceof Response) return { status: out.status, response: out, body: out };
  if (isDataWithInit(out)) return { status: out.init?.status ?? 200, response: null, body: out.data };
  return { status: 200, response: null, body: out };
}

function isDataWithInit(out: unknown): out is { data: unknown; init: ResponseInit | null } {
  return typeof out === 'object' && out !== null && 'type' in out && out.type === 'DataWithResponseInit';
}

/** An action's reply (docs/decisions/0013): conform's result, and whatever the page shows besides. */
export type ReplyBody = { result: SubmissionResult<string[]> } & Record<string, unknown>;

/** What an action answered, its body read as a reply (a test of a refusal or a success that stays on the page). */
export function replyOf(out: unknown): { status: number; response: Response | null; body: ReplyBody } {
  const answer = answerOf(out);
  return { ...answer, body: answer.body as ReplyBody };
}
