/**
 * Sign-in and the guards every loader and action starts with. Guards throw responses (a redirect to the
 * sign-in page, or 403), so a route cannot forget to stop.
 */
import { redirect } from '@remix-run/node';
import type { Role } from '../../db/schema';
import type { DB } from './db.server';
import { dummyPasswordHash, verifyPassword } from './password.server';
import { hasSessionCookie, readSession, type SessionUser } from './session.server';

export const HOME_OF: Record<Role, string> = { retailer: '/retailer', manager: '/manager', staff: '/staff' };

/** Checks a user name and password; null for an unknown user, a wrong password or a disabled account alike. */
export async function authenticate(db: DB, username: string, password: string) {
  const user = await db
    .selectFrom('users')
    .leftJoin('retailers', 'retailers.userId', 'users.id')
    .select(['users.id', 'users.role', 'users.passwordHash', 'users.disabled', 'retailers.active as shopActive'])
    .where('users.username', '=', username)
    .executeTakeFirst();
  // Always run one argon2 verification so the answer takes as long whether or not the user exists.
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  // A shop deactivated in master data signs in no more, like a disabled sign-in (and is told the same).
  if (!user || !ok || user.disabled || user.shopActive === 0) return null;
  return { id: user.id, role: user.role };
}

/** The guards take the request's database (`context.db`) first, like every app/server function. */
export async function getUser(db: DB, request: Request): Promise<SessionUser | null> {
  return readSession(db, request);
}

export async function requireUser(db: DB, request: Request): Promise<SessionUser> {
  const user = await getUser(db, request);
  // A one-time password from staff must be replaced before anything else (the change page uses getUser).
  if (user?.oneTimePasswordIssuedAt) throw redirect('/auth/change-password');
  if (user) return user;
  const url = new URL(request.url);
  const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
  if (hasSessionCookie(request)) params.set('expired', '1');
  throw redirect(`/auth/login?${params.toString()}`);
}

/** The signed-in user, who must hold one of these roles; anyone else gets 403. */
export async function requireRole<R extends Role>(db: DB, request: Request, ...roles: R[]): Promise<SessionUser & { role: R }> {
  const user = await requireUser(db, request);
  if (!(roles as Role[]).includes(user.role)) {
    throw new Response('Forbidden', { status: 403, statusText: 'Forbidden' });
  }
  return user as SessionUser & { role: R };
}

/** The loader of a role's layout route: only that role gets in; the shell needs the user's name. */
export async function roleLayoutLoader(db: DB, request: Request, role: Role) {
  const user = await requireRole(db, request, role);
  return { displayName: user.displayName };
}

/** The signed-in retailer and its shop id; anyone else gets 403, a retailer user without a shop 404. */
export async function requireRetailer(db: DB, request: Request) {
  const user = await requireRole(db, request, 'retailer');
  if (user.retailerId === null) throw new Response('Not Found', { status: 404 });
  return { user, retailerId: user.retailerId };
}
