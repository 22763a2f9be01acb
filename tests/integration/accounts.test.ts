import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_SIGN_IN_HASH } from '~/domain/master-data/accounts';
import { loader as accountsLoader, action as accountsAction } from '~/routes/staff.accounts._index';
import { action as changePasswordAction } from '~/routes/auth.change-password';
import { action as masterDataAction, loader as masterDataLoader } from '~/routes/staff.master-data._index';
import { loader as masterPreviewLoader } from '~/routes/staff.master-data.$stagedId';
import { changeOwnPassword, createAccounts, listAccounts, resetPassword, setAccountDisabled } from '~/server/accounts.server';
import { authenticate } from '~/server/auth.server';
import { readSession, startSession } from '~/server/session.server';
import { PASSWORD, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { replyOf, routeArgs } from '../support/route-args';

const cookieOf = (setCookie: string) => setCookie.split(';')[0]!;
const get = (path: string, cookie?: string) => new Request(`http://localhost${path}`, { headers: cookie ? { Cookie: cookie } : {} });
const post = (path: string, cookie: string, fields: Record<string, string>) => new Request(`http://localhost${path}`, { method: 'POST', headers: { Cookie: cookie }, body: new URLSearchParams(fields) });
let args: (request: Request, params?: Record<string, string>) => never;

/** What a loader or action threw or returned, as status and Location. */
async function outcome(run: () => Promise<unknown>) {
  try {
    const r = await run();
    if (r instanceof Response) return { status: r.status, location: r.headers.get('Location') };
    // data(body, { status }) from single fetch: the status rides along in `init`.
    const init = (r as { init?: { status?: number } } | null)?.init;
    return { status: init?.status ?? 200, location: null, body: r };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, location: e.headers.get('Location') };
    throw e;
  }
}

describe.skipIf(postgresSkipped())('accounts: one-time passwords, first sign-in change, reset, disable', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  const staff = () => ({ userId: county.staffUserId, role: 'staff' as const });
  let newShopId = 0;
  let cookies: { staff: string; retailer: string; manager: string };

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    // The routes get this test's database in their load context.
    args = (request, params = {}) => routeArgs(t.db, request, { params }) as never;
    const now = new Date().toISOString();
    newShopId = (
      await t.db
        .insertInto('retailers')
        .values({ userId: null, licenceNo: '440300109001', name: '新华便利店', ownerName: '张三', phone: '1', address: 'x', stationId: county.station, managerId: county.managers[0]!.managerId, businessType: 'convenience', marketType: 'urban', grade: 3, orderWeekday: 3, isOnline: 1, active: 1, isBenchmark: 0, depositBalanceFen: 0, createdAt: now })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    cookies = {
      staff: cookieOf(await startSession(t.db, get('/'), county.staffUserId)),
      retailer: cookieOf(await startSession(t.db, get('/'), county.retailers[0]!.userId)),
      manager: cookieOf(await startSession(t.db, get('/'), county.managers[0]!.userId)),
    };
  });
  afterAll(async () => {
    await t?.close();
  });

  it('only staff reach the pages and the functions: a retailer or manager gets 403, a stranger the sign-in page', async () => {
    for (const cookie of [cookies.retailer, cookies.manager]) {
      expect(await outcome(() => accountsLoader(args(get('/staff/accounts', cookie))))).toMatchObject({ status: 403 });
      expect(await outcome(() => accountsAction(args(post('/staff/accounts', cookie, { intent: 'reset', userId: String(county.retailers[1]!.userId) }))))).toMatchObject({ status: 403 });
      expect(await outcome(() => masterDataLoader(args(get('/staff/master-data', cookie))))).toMatchObject({ status: 403 });
      expect(await outcome(() => masterPreviewLoader(args(get('/staff/master-data/x', cookie), { stagedId: 'x' })))).toMatchObject({ status: 403 });
    }
    expect((await outcome(() => accountsLoader(args(get('/staff/accounts')))))?.location).toMatch(/^\/auth\/login\?redirectTo=/);
    expect(await outcome(() => accountsLoader(args(get('/staff/accounts', cookies.staff))))).toMatchObject({ status: 200 });

    // A master-data upload whose kind the schema refuses is invalid input (400, the kind named), like any form's; nothing is staged.
    const form = new FormData();
    form.set('kind', 'planets');
    form.set('file', new File(['code\n1\n'], 'x.csv', { type: 'text/csv' }));
    const refusedKind = replyOf(await masterDataAction(args(new Request('http://localhost/staff/master-data', { method: 'POST', headers: { Cookie: cookies.staff }, body: form }))));
    expect(refusedKind.status).toBe(400);
    expect(refusedKind.body.result.status).toBe('error');
    expect(Object.keys(refusedKind.body.result.error ?? {})).toEqual(['kind']);
    expect(await t.db.selectFrom('masterDataStaged').select('id').execute()).toEqual([]);

    const shop = { userId: county.retailers[0]!.userId, role: 'retailer' as const };
    const manager = { userId: county.managers[0]!.userId, role: 'manager' as const };
    for (const actor of [shop, manager]) {
      expect(await listAccounts(t.db, actor, { kind: 'retailers' })).toBeNull();
      expect(await createAccounts(t.db, actor, 'retailers', 'all')).toBeNull();
      expect(await resetPassword(t.db, actor, county.retailers[1]!.userId)).toBeNull();
      expect(await setAccountDisabled(t.db, actor, county.retailers[1]!.userId, true)).toBe(false);
    }
    // Staff accounts are not managed here.
    expect(await resetPassword(t.db, staff(), county.staffUserId)).toBeNull();
    expect(await authenticate(t.db, county.retailers[1]!.licenceNo, PASSWORD)).not.toBeNull();
  });

  let oneTime = '';
  let shopUserId = 0;
  it('creates a sign-in named by the licence with a one-time password, stored only as an argon2id hash', async () => {
    const list = await listAccounts(t.db, staff(), { kind: 'retailers', state: 'none' });
    expect(list!.rows.map((r) => r.key)).toEqual(['440300109001']);
    expect(list!.counts).toEqual({ none: 1, pending: 0, active: 4, disabled: 0 });

    const r = await createAccounts(t.db, staff(), 'retailers', 'all');
    expect(r!.created).toHaveLength(1);
    const h = r!.created[0]!;
    expect(h).toMatchObject({ kind: 'retailers', username: '440300109001', name: '新华便利店' });
    expect(h.password).toMatch(/^[A-HJ-NP-Za-km-z2-9]{12}$/);
    oneTime = h.password;
    shopUserId = h.userId;
    const user = await t.db.selectFrom('users').select(['passwordHash', 'role']).where('id', '=', h.userId).executeTakeFirstOrThrow();
    expect(user.role).toBe('retailer');
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.passwordHash).not.toContain(oneTime);
    expect((await t.db.selectFrom('retailers').select('userId').where('id', '=', newShopId).executeTakeFirstOrThrow()).userId).toBe(h.userId);
    expect((await listAccounts(t.db, staff(), { kind: 'retailers', state: 'pending' }))!.rows.map((x) => x.key)).toEqual(['440300109001']);
    // Nobody is left without a sign-in; a second run creates nothing.
    expect((await createAccounts(t.db, staff(), 'retailers', 'all'))!.created).toEqual([]);
    expect((await createAccounts(t.db, staff(), 'retailers', { ids: [newShopId] }))!.skipped).toEqual([{ key: '440300109001', reason: 'already_has_account' }]);
  });

  it('signing in with the one-time password works, and every page then sends the user to change it', async () => {
    expect(await authenticate(t.db, '440300109001', oneTime)).toEqual({ id: shopUserId, role: 'retailer' });
    const cookie = cookieOf(await startSession(t.db, get('/'), shopUserId));
    expect((await readSession(t.db, get('/', cookie)))?.oneTimePasswordIssuedAt).toEqual(expect.any(String));
    const { loader: retailerLayout } = await import('~/routes/retailer');
    expect(await outcome(() => retailerLayout(args(get('/retailer', cookie))))).toEqual({ status: 302, location: '/auth/change-password' });

    // The form: too short, same as the one-time password, confirmation differs, wrong current password.
    const change = (fields: Record<string, string>) => outcome(() => changePasswordAction(args(post('/auth/change-password', cookie, fields))));
    const errorsOf = async (fields: Record<string, string>) => {
      const r = (await change(fields)) as { status: number; body: { data: { result: { error: Record<string, string[]> } } } };
      return [r.status, r.body.data.result.error];
    };
    expect(await errorsOf({ currentPassword: oneTime, newPassword: 'short', confirmPassword: 'short' })).toEqual([400, { newPassword: ['tooShort'] }]);
    expect(await errorsOf({ currentPassword: oneTime, newPassword: 'my-own-pass', confirmPassword: 'my-own-pas' })).toEqual([400, { confirmPassword: ['mismatch'] }]);
    expect(await errorsOf({ currentPassword: 'wrong-one', newPassword: 'my-own-pass', confirmPassword: 'my-own-pass' })).toEqual([400, { currentPassword: ['wrongCurrent'] }]);
    expect(await errorsOf({ currentPassword: oneTime, newPassword: oneTime, confirmPassword: oneTime })).toEqual([400, { newPassword: ['sameAsCurrent'] }]);
    expect(await authenticate(t.db, '440300109001', oneTime)).not.toBeNull();

    const other = cookieOf(await startSession(t.db, get('/'), shopUserId));
    expect(await change({ currentPassword: oneTime, newPassword: 'my-own-pass', confirmPassword: 'my-own-pass' })).toEqual({ status: 302, location: '/retailer' });
    expect(await authenticate(t.db, '440300109001', oneTime)).toBeNull();
    expect(await authenticate(t.db, '440300109001', 'my-own-pass')).not.toBeNull();
    // This session carries on, without the one-time mark; the other one (maybe someone who saw the paper) is ended.
    expect(await readSession(t.db, get('/', cookie))).toMatchObject({ userId: shopUserId, oneTimePasswordIssuedAt: null });
    expect(await readSession(t.db, get('/', other))).toBeNull();
    expect(await outcome(() => retailerLayout(args(get('/retailer', cookie))))).toMatchObject({ status: 200 });
    expect((await listAccounts(t.db, staff(), { kind: 'retailers', state: 'active', q: '109001' }))!.rows).toHaveLength(1);
  });

  it('the service checks the current password and refuses the same password again', async () => {
    expect(await changeOwnPassword(t.db, shopUserId, 'nope', 'another-pass', 'x')).toEqual({ ok: false, code: 'wrong_current' });
    expect(await changeOwnPassword(t.db, shopUserId, 'my-own-pass', 'my-own-pass', 'x')).toEqual({ ok: false, code: 'same_as_current' });
  });

  it('a reset gives a new one-time password, ends the sessions and asks for a change again', async () => {
    const cookie = cookieOf(await startSession(t.db, get('/'), shopUserId));
    const res = await outcome(() => accountsAction(args(post('/staff/accounts', cookies.staff, { intent: 'reset', userId: String(shopUserId) }))));
    const body = (res as { body: { result: { status: string }; handover: Array<{ password: string }> } }).body;
    expect(body.result.status).toBe('success');
    const fresh = body.handover[0]!.password;
    expect(fresh).not.toBe(oneTime);
    expect(await readSession(t.db, get('/', cookie))).toBeNull();
    expect(await authenticate(t.db, '440300109001', 'my-own-pass')).toBeNull();
    expect(await authenticate(t.db, '440300109001', fresh)).not.toBeNull();
    expect((await listAccounts(t.db, staff(), { kind: 'retailers', state: 'pending' }))!.rows.map((r) => r.key)).toEqual(['440300109001']);
  });

  it('disabling a sign-in ends its sessions at once; enabling lets it sign in again', async () => {
    const target = county.retailers[1]!;
    const cookie = cookieOf(await startSession(t.db, get('/'), target.userId));
    expect(await readSession(t.db, get('/', cookie))).not.toBeNull();
    const res = await outcome(() => accountsAction(args(post('/staff/accounts', cookies.staff, { intent: 'disable', userId: String(target.userId) }))));
    expect(res).toMatchObject({ status: 200 });
    expect(await t.db.selectFrom('sessions').select('id').where('userId', '=', target.userId).execute()).toEqual([]);
    expect(await readSession(t.db, get('/', cookie))).toBeNull();
    expect(await authenticate(t.db, target.licenceNo, PASSWORD)).toBeNull();
    expect((await listAccounts(t.db, staff(), { kind: 'retailers', state: 'disabled' }))!.rows.map((r) => r.key)).toEqual([target.licenceNo]);
    expect(await setAccountDisabled(t.db, staff(), target.userId, false)).toBe(true);
    expect(await authenticate(t.db, target.licenceNo, PASSWORD)).not.toBeNull();
  });

  it('managers imported without a sign-in get one; a licence already used as a user name is skipped', async () => {
    const now = new Date().toISOString();
    const userId = (await t.db.insertInto('users').values({ username: 'mgr21', passwordHash: NO_SIGN_IN_HASH, role: 'manager', displayName: '赵六', locale: null, createdAt: now }).returning('id').executeTakeFirstOrThrow()).id;
    const managerId = (await t.db.insertInto('accountManagers').values({ userId, code: 'mgr21', name: '赵六', phone: '1', stationId: county.station }).returning('id').executeTakeFirstOrThrow()).id;
    expect(await authenticate(t.db, 'mgr21', '!')).toBeNull();
    expect((await listAccounts(t.db, staff(), { kind: 'managers', state: 'none' }))!.rows.map((r) => r.key)).toEqual(['mgr21']);
    const form = new URLSearchParams({ intent: 'create', kind: 'managers' });
    form.append('ids', String(managerId));
    const res = await outcome(() => accountsAction(args(new Request('http://localhost/staff/accounts', { method: 'POST', headers: { Cookie: cookies.staff }, body: form }))));
    const handover = (res as { body: { handover: Array<{ username: string; password: string }> } }).body.handover;
    expect(handover.map((h) => h.username)).toEqual(['mgr21']);
    expect(await authenticate(t.db, 'mgr21', handover[0]!.password)).toEqual({ id: userId, role: 'manager' });

    await t.db.insertInto('users').values({ username: '440300109002', passwordHash: NO_SIGN_IN_HASH, role: 'staff', displayName: 'x', locale: null, createdAt: now }).execute();
    const shop = (
      await t.db
        .insertInto('retailers')
        .values({ userId: null, licenceNo: '440300109002', name: '另一家', ownerName: '', phone: '', address: '', stationId: county.station, managerId: county.managers[0]!.managerId, businessType: 'grocery', marketType: 'rural', grade: 1, orderWeekday: 1, isOnline: 1, active: 1, isBenchmark: 0, depositBalanceFen: 0, createdAt: now })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const r = await createAccounts(t.db, staff(), 'retailers', { ids: [shop] });
    expect(r).toEqual({ created: [], skipped: [{ key: '440300109002', reason: 'username_taken' }], remaining: 0 });
    expect((await t.db.selectFrom('retailers').select('userId').where('id', '=', shop).executeTakeFirstOrThrow()).userId).toBeNull();
  });
});
