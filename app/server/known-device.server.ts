/**
 * The known-device cookie: set at every successful sign-in, it remembers which user names this browser has
 * signed in as, each with a random id of its own. A sign-in from a browser that holds an entry for the user name
 * it tries is judged by that entry alone (login-limits.server.ts), so failures elsewhere — an attacker guessing
 * a shop's public licence number — cannot lock the owner's own phone out.
 *
 * Signed with the session secrets (an entry cannot be forged or copied to another user name), httpOnly (page
 * scripts never see the ids), sent only to /auth (sign-in and its single-fetch .data twin), kept half a year.
 */
import crypto from 'node:crypto';
import { createCookie } from '@remix-run/node';
import { sessionSecrets } from './env.server';
import { isHttps } from './session.server';

export const KNOWN_DEVICE_COOKIE = '__peihuo_device';
/** Sign-ins remembered per browser: a shop's shared phone, a manager's own, a few more; the oldest goes first. */
const MAX_ENTRIES = 8;
const MAX_AGE_SECONDS = 180 * 24 * 3600;
const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

interface Entry {
  /** The user name, as the limits count it (trimmed, lower case). */
  u: string;
  id: string;
}

let cookie: ReturnType<typeof createCookie> | undefined;
function deviceCookie() {
  cookie ??= createCookie(KNOWN_DEVICE_COOKIE, { path: '/auth', httpOnly: true, sameSite: 'lax', maxAge: MAX_AGE_SECONDS, secrets: sessionSecrets() });
  return cookie;
}

const normalised = (username: string) => username.trim().toLowerCase();

async function entriesOf(request: Request): Promise<Entry[]> {
  let value: unknown;
  try {
    value = await deviceCookie().parse(request.headers.get('Cookie'));
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return (value as unknown[]).filter(isEntry).slice(0, MAX_ENTRIES);
}

function isEntry(e: unknown): e is Entry {
  if (typeof e !== 'object' || e === null) return false;
  const { u, id } = e as Record<string, unknown>;
  return typeof u === 'string' && typeof id === 'string' && ID_PATTERN.test(id);
}

/** This browser's id for the user name, when it has signed in as that user before; null otherwise. */
export async function knownDeviceId(request: Request, username: string): Promise<string | null> {
  const u = normalised(username);
  return (await entriesOf(request)).find((e) => e.u === u)?.id ?? null;
}

/** The Set-Cookie header that remembers this browser for the user name (keeping its id when it had one). */
export async function rememberDevice(request: Request, username: string): Promise<string> {
  const u = normalised(username);
  const entries = await entriesOf(request);
  const id = entries.find((e) => e.u === u)?.id ?? crypto.randomBytes(16).toString('base64url');
  const next = [{ u, id }, ...entries.filter((e) => e.u !== u)].slice(0, MAX_ENTRIES);
  return deviceCookie().serialize(next, { secure: isHttps(request) });
}
