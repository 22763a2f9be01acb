/**
 * Server-side sessions. The cookie carries only a signed random id; the row in `sessions` is the truth,
 * so sign-out and expiry take effect on the server, and a new id is issued at every sign-in (no fixation).
 * Because the rows live in the database, every instance sharing it (several app servers on one PostgreSQL)
 * shares the sessions too: sign in on one, carry on on another, sign out anywhere. They stay here rather than
 * in Redis on purpose (docs/decisions/0006-…): all instances need the same SESSION_SECRET, nothing more.
 */
import crypto from 'node:crypto';
import { createCookie } from '@remix-run/node';
import type { DB } from './db.server';
import { env, sessionSecrets } from './env.server';
import type { Role } from '../../db/schema';

export const SESSION_COOKIE = '__peihuo_session';

let cookie: ReturnType<typeof createCookie> | undefined;
function sessionCookie() {
  cookie ??= createCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secrets: sessionSecrets(),
  });
  return cookie;
}

/** Secure cookies whenever the request came over HTTPS (directly or via a trusted proxy). */
export function isHttps(request: Request): boolean {
  if (new URL(request.url).protocol === 'https:') return true;
  return env().TRUST_PROXY > 0 && request.headers.get('x-forwarded-proto') === 'https';
}

export interface SessionUser {
  sessionId: string;
  userId: number;
  username: string;
  role: Role;
  displayName: string;
  largeText: number;
  /** The shop this user is, for retailer users (read with the session so pages need no second lookup). */
  retailerId: number | null;
  /** Set while the user signs in with a one-time password from staff: every page sends it to choose its own. */
  oneTimePasswordIssuedAt: string | null;
}

async function sessionIdOf(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get('Cookie'));
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
}

export async function readSession(db: DB, request: Request, now = new Date()): Promise<SessionUser | null> {
  const sessionId = await sessionIdOf(request);
  if (!sessionId) return null;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .leftJoin('retailers', 'retailers.userId', 'users.id')
    .leftJoin('passwordHandovers', 'passwordHandovers.userId', 'users.id')
    .select(['sessions.id as sessionId', 'users.id as userId', 'users.username', 'users.role', 'users.displayName', 'users.largeText', 'retailers.id as retailerId', 'passwordHandovers.issuedAt as oneTimePasswordIssuedAt'])
    .where('sessions.id', '=', sessionId)
    .where('sessions.expiresAt', '>', now.toISOString())
    .where('users.disabled', '=', 0)
    .executeTakeFirst();
  return row ?? null;
}

/** Whether the request carried a session cookie at all (to tell "expired" from "never signed in"). */
export function hasSessionCookie(request: Request): boolean {
  return (request.headers.get('Cookie') ?? '').includes(`${SESSION_COOKIE}=`);
}

/** Starts a new session for the user, ending the one the request carried; returns the Set-Cookie header. */
export async function startSession(db: DB, request: Request, userId: number, now = new Date()): Promise<string> {
  const previous = await sessionIdOf(request);
  const id = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + env().SESSION_TTL_HOURS * 3600_000);
  await db.transaction().execute(async (trx) => {
    if (previous) await trx.deleteFrom('sessions').where('id', '=', previous).execute();
    // Housekeeping: drop this user's expired sessions so the table does not grow without bound.
    await trx.deleteFrom('sessions').where('userId', '=', userId).where('expiresAt', '<=', now.toISOString()).execute();
    await trx
      .insertInto('sessions')
      .values({ id, userId, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString() })
      .execute();
  });
  return sessionCookie().serialize(id, { expires: expiresAt, secure: isHttps(request) });
}

/** Ends the session on the server and returns the Set-Cookie header that clears it in the browser. */
export async function endSession(db: DB, request: Request): Promise<string> {
  const sessionId = await sessionIdOf(request);
  if (sessionId) await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
  return sessionCookie().serialize('', { maxAge: 0, expires: new Date(0), secure: isHttps(request) });
}
