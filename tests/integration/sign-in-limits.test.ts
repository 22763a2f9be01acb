/**
 * Nobody can keep a shop's owner out by failing on purpose (licence numbers, the shops' user names, are public):
 * the sign-in route as Remix calls it, from several client addresses, with and without the known-device cookie
 * a successful sign-in leaves. Limits are the real ones except the per-user-name campaign limit, lowered so the
 * test needs a few wrong passwords rather than fifty.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { action as loginAction } from '~/routes/auth.login';
import { KNOWN_DEVICE_COOKIE } from '~/server/known-device.server';
import { createLoginLimiter } from '~/server/login-limits.server';
import { PASSWORD, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { routeArgs } from '../support/route-args';
import type { DB } from '../../db/connect';

let testDb: DB;
// In memory (whatever REDIS_URL says): the limits themselves, on Redis too, are tests/integration/multi-instance-rate-limit.test.ts.
const limiter = createLoginLimiter({ perUsername: 10 }, null);

interface Answer {
  status: number;
  headers: Headers;
  cookies: string[];
  formError: string | null;
}

/** Calls the sign-in action as Remix does; a thrown redirect and a data() answer are both read as answers. */
async function signIn(fields: { username: string; password: string; redirectTo?: string }, address: string, cookie?: string): Promise<Answer> {
  const request = new Request('http://localhost/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Language': 'en', ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields),
  });
  try {
    const out = (await loginAction(routeArgs(testDb, request, { clientAddress: address, loginLimiter: limiter }))) as unknown as {
      data: { formError: string | null };
      init: { status: number; headers?: HeadersInit } | null;
    };
    return { status: out.init?.status ?? 200, headers: new Headers(out.init?.headers), cookies: [], formError: out.data.formError };
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    return { status: thrown.status, headers: thrown.headers, cookies: thrown.headers.getSetCookie(), formError: null };
  }
}

const deviceCookieOf = (answer: Answer) => answer.cookies.find((c) => c.startsWith(`${KNOWN_DEVICE_COOKIE}=`));

describe.skipIf(postgresSkipped())('sign-in limits: an attacker cannot keep the owner out', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let ownersDevice = '';
  const shop = () => county.retailers[0]!;

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    testDb = t.db;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a successful sign-in leaves a signed, httpOnly known-device cookie, sent only to /auth', async () => {
    const res = await signIn({ username: shop().licenceNo, password: PASSWORD }, '198.51.100.1');
    expect(res.status).toBe(302);
    const device = deviceCookieOf(res)!;
    expect(device).toMatch(/HttpOnly/);
    expect(device).toMatch(/SameSite=Lax/);
    expect(device).toMatch(/Path=\/auth(;|$)/);
    expect(device).toMatch(/Max-Age=15552000/);
    ownersDevice = device.split(';')[0]!;
  });

  it('wrong passwords from an attacker’s address make that address wait, with Retry-After, and not the owner', async () => {
    const attacker = '203.0.113.9';
    const statuses: number[] = [];
    let last: Answer | undefined;
    for (let i = 0; i < 7; i++) {
      last = await signIn({ username: shop().licenceNo, password: 'guess' + i }, attacker);
      statuses.push(last.status);
    }
    // Five free failures, a sixth judged, then a wait.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
    expect(Number(last!.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(last!.formError).toBe('Too many attempts. Please try again in 1 min.');
    // Even the right password waits there: the password is not checked during a wait.
    expect((await signIn({ username: shop().licenceNo, password: PASSWORD }, attacker)).status).toBe(429);

    // The owner, from its own address, on a device it has never used: signed in.
    expect((await signIn({ username: shop().licenceNo, password: PASSWORD }, '198.51.100.2')).status).toBe(302);
  });

  it('a campaign from many addresses makes unknown devices wait, but the owner’s known device signs in', async () => {
    // With the attacker's six failures above, four more from other addresses reach the lowered limit of ten.
    for (let i = 0; i < 4; i++) expect((await signIn({ username: shop().licenceNo, password: 'x' }, `203.0.113.${20 + i}`)).status).toBe(401);
    const fresh = await signIn({ username: shop().licenceNo, password: PASSWORD }, '198.51.100.3');
    expect(fresh.status).toBe(429);
    expect(Number(fresh.headers.get('Retry-After'))).toBeGreaterThan(60);

    // The owner's phone: a mistyped password is answered as such, the right one signs in, from any address.
    expect((await signIn({ username: shop().licenceNo, password: 'typo' }, '198.51.100.3', ownersDevice)).status).toBe(401);
    const owner = await signIn({ username: shop().licenceNo, password: PASSWORD, redirectTo: '/retailer/orders' }, '203.0.113.9', ownersDevice);
    expect(owner.status).toBe(302);
    expect(owner.headers.get('Location')).toBe('/retailer/orders');
    expect(owner.cookies.some((c) => c.startsWith('__peihuo_session='))).toBe(true);
  });

  it('another user’s known-device cookie, or a forged one, does not pass for this user', async () => {
    const other = await signIn({ username: county.retailers[1]!.licenceNo, password: PASSWORD }, '198.51.100.4');
    const othersDevice = deviceCookieOf(other)!.split(';')[0]!;
    expect((await signIn({ username: shop().licenceNo, password: PASSWORD }, '198.51.100.4', othersDevice)).status).toBe(429);

    const [name, value] = ownersDevice.split('=') as [string, string];
    const forged = `${name}=${value.slice(0, -4)}${value.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    expect((await signIn({ username: shop().licenceNo, password: PASSWORD }, '198.51.100.4', forged)).status).toBe(429);
  });

  it('one browser remembers each user that signed in on it (a shop phone shared by two sign-ins)', async () => {
    const second = await signIn({ username: county.retailers[1]!.licenceNo, password: PASSWORD }, '198.51.100.5', ownersDevice);
    expect(second.status).toBe(302);
    const shared = deviceCookieOf(second)!.split(';')[0]!;
    expect((await signIn({ username: shop().licenceNo, password: PASSWORD }, '198.51.100.5', shared)).status).toBe(302);
  });
});
