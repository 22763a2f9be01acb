/**
 * The three routes that follow a `redirectTo` (sign-in, language, large text), as Remix calls them, with the
 * targets of the attack report: a newline made each of them throw (500, and a sign-in whose cookie never
 * reached the browser), a tab produced `Location: /\t/evil.example`, which browsers read as //evil.example.
 * Every unsafe target now leads to the role's home or '/', and the form's own work is still done.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { action as loginAction } from '~/routes/auth.login';
import { action as localeAction } from '~/routes/resources.locale';
import { action as preferencesAction } from '~/routes/resources.preferences';
import { languageCookie } from '~/server/i18n.server';
import { readSession, startSession } from '~/server/session.server';
import { PASSWORD, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { routeArgs } from '../support/route-args';
import type { DB } from '../../db/connect';

const UNSAFE = ['/retailer\nX', '/\t/evil.example', '/\\evil.example', '//evil.example', '/%0d%0aSet-Cookie:x=1', 'https://evil.example/retailer', '/retailer%2F%2Fevil', `/retailer/${'a'.repeat(3000)}`];

type RouteAction = (args: ReturnType<typeof routeArgs>) => Promise<unknown>;
let testDb: DB;

/** Posts the form to the action; the redirect it throws is its answer. */
async function post(action: RouteAction, path: string, fields: Record<string, string>, cookie?: string): Promise<Response> {
  const request = new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields),
  });
  try {
    await action(routeArgs(testDb, request, { clientAddress: '198.51.100.30' }));
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
  throw new Error(`${path} answered without a redirect`);
}

describe.skipIf(postgresSkipped())('redirect targets on the routes that take one', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  const shop = () => county.retailers[0]!;

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    testDb = t.db;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sign-in with an unsafe target signs in and goes to the role’s home', async () => {
    for (const redirectTo of UNSAFE) {
      const res = await post(loginAction, '/auth/login', { username: shop().licenceNo, password: PASSWORD, redirectTo });
      expect(res.status, JSON.stringify(redirectTo)).toBe(302);
      expect(res.headers.get('Location'), JSON.stringify(redirectTo)).toBe('/retailer');
      const session = res.headers.getSetCookie().find((c) => c.startsWith('__peihuo_session='))!.split(';')[0]!;
      expect((await readSession(t.db, new Request('http://localhost/', { headers: { Cookie: session } })))?.userId).toBe(shop().userId);
    }
  });

  it('sign-in follows a plain path within the role’s part of the app, and nothing outside it', async () => {
    const to = async (redirectTo: string) =>
      (await post(loginAction, '/auth/login', { username: shop().licenceNo, password: PASSWORD, redirectTo })).headers.get('Location');
    expect(await to('/retailer/orders?status=open')).toBe('/retailer/orders?status=open');
    expect(await to('/retailer/../staff')).toBe('/retailer');
    expect(await to('/staff')).toBe('/retailer');
    expect(await to('/retailer-elsewhere')).toBe('/retailer');
  });

  it('the language switch sets the language and falls back to / for an unsafe target', async () => {
    for (const redirectTo of UNSAFE) {
      const res = await post(localeAction, '/resources/locale', { lng: 'en', redirectTo });
      expect(res.status, JSON.stringify(redirectTo)).toBe(302);
      expect(res.headers.get('Location'), JSON.stringify(redirectTo)).toBe('/');
      expect(await languageCookie.parse(res.headers.get('Set-Cookie')!.split(';')[0]!)).toBe('en');
    }
    expect((await post(localeAction as RouteAction, '/resources/locale', { lng: 'en', redirectTo: '/auth/login?expired=1' })).headers.get('Location')).toBe('/auth/login?expired=1');
  });

  it('the large-text switch saves the choice and falls back to / for an unsafe target', async () => {
    const cookie = (await startSession(t.db, new Request('http://localhost/'), shop().userId)).split(';')[0]!;
    for (const redirectTo of UNSAFE) {
      await t.db.updateTable('users').set({ largeText: 0 }).where('id', '=', shop().userId).execute();
      const res = await post(preferencesAction, '/resources/preferences', { largeText: '1', redirectTo }, cookie);
      expect(res.status, JSON.stringify(redirectTo)).toBe(302);
      expect(res.headers.get('Location'), JSON.stringify(redirectTo)).toBe('/');
      expect((await t.db.selectFrom('users').select('largeText').where('id', '=', shop().userId).executeTakeFirstOrThrow()).largeText).toBe(1);
    }
    expect((await post(preferencesAction as RouteAction, '/resources/preferences', { largeText: '0', redirectTo: '/retailer/order' }, cookie)).headers.get('Location')).toBe('/retailer/order');
  });
});
