import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeRedirectPath } from '~/domain/redirect-target';
import { authenticate } from '~/server/auth.server';
import { endSession, readSession, SESSION_COOKIE, startSession } from '~/server/session.server';
import { PASSWORD, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

const cookieOf = (setCookie: string) => setCookie.split(';')[0]!;
const requestWith = (cookie?: string) => new Request('http://localhost/x', { headers: cookie ? { Cookie: cookie } : {} });

describe.skipIf(postgresSkipped())('sign-in and sessions', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
  });
  afterAll(() => t?.close());

  it('accepts the right password and names the role', async () => {
    expect(await authenticate(t.db, 'staff01', PASSWORD)).toEqual({ id: county.staffUserId, role: 'staff' });
    expect((await authenticate(t.db, county.retailers[0]!.licenceNo, PASSWORD))?.role).toBe('retailer');
  });

  it('gives the same answer for a wrong password, an unknown user and a disabled account', async () => {
    expect(await authenticate(t.db, 'staff01', 'wrong')).toBeNull();
    expect(await authenticate(t.db, 'nobody', PASSWORD)).toBeNull();
    expect(await authenticate(t.db, 'gone01', PASSWORD)).toBeNull();
  });

  it('starts a server-side session that the cookie finds again, and sign-out ends it on the server', async () => {
    const setCookie = await startSession(t.db, requestWith(), county.staffUserId);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const cookie = cookieOf(setCookie);
    const user = await readSession(t.db, requestWith(cookie));
    expect(user).toMatchObject({ userId: county.staffUserId, role: 'staff', username: 'staff01' });

    const cleared = await endSession(t.db, requestWith(cookie));
    expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
    expect(await readSession(t.db, requestWith(cookie))).toBeNull();
    expect(await t.db.selectFrom('sessions').select('id').where('id', '=', user!.sessionId).execute()).toEqual([]);
  });

  it('issues a new session id at sign-in and drops the one the browser had (no fixation)', async () => {
    const first = cookieOf(await startSession(t.db, requestWith(), county.staffUserId));
    const second = cookieOf(await startSession(t.db, requestWith(first), county.staffUserId));
    expect(second).not.toBe(first);
    expect(await readSession(t.db, requestWith(first))).toBeNull();
    expect(await readSession(t.db, requestWith(second))).not.toBeNull();
  });

  it('ignores expired sessions, forged signatures, garbage cookies and disabled users', async () => {
    const cookie = cookieOf(await startSession(t.db, requestWith(), county.staffUserId, new Date('2020-01-01T00:00:00Z')));
    expect(await readSession(t.db, requestWith(cookie))).toBeNull();

    const valid = cookieOf(await startSession(t.db, requestWith(), county.staffUserId));
    const [name, value] = valid.split('=') as [string, string];
    const forged = `${name}=${value.slice(0, -3)}${value.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    expect(await readSession(t.db, requestWith(forged))).toBeNull();
    expect(await readSession(t.db, requestWith(`${SESSION_COOKIE}=not-even-base64!!`))).toBeNull();
    expect(await readSession(t.db, requestWith(`${SESSION_COOKIE}=${'x'.repeat(5000)}`))).toBeNull();

    const disabled = cookieOf(await startSession(t.db, requestWith(), county.disabledUserId));
    expect(await readSession(t.db, requestWith(disabled))).toBeNull();
  });

  it('follows only same-site paths after sign-in', () => {
    expect(safeRedirectPath('/retailer/orders', '/')).toBe('/retailer/orders');
    for (const bad of ['//evil.example', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)', null]) {
      expect(safeRedirectPath(bad, '/home')).toBe('/home');
    }
  });
});
