/**
 * Chasing the shops that have not acknowledged (or read) a notice (issue 19), on both dialects: a chase reminds
 * every shop of the user's scope still to do it through the notification outbox (staff the county, a manager its
 * route only), records who chased, when and how many, and each shop's reminder time; a shop reminded less than
 * NOTICE_CHASE_INTERVAL_HOURS ago is not reminded again by anyone, and a chase with nobody to remind is refused
 * saying why, writing nothing; two chases at once remind each shop once; a reminder whose shop has done it by the
 * time it is sent is cancelled, and it leaves the shop's home; the status page's action answers the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVERYONE, NOTICE_CHASE_INTERVAL_HOURS } from '~/domain/notices';
import * as managerNotice from '~/routes/manager.notices.$noticeId';
import { i18next } from '~/server/i18n.server';
import { QUIET } from '~/server/job-kinds.server';
import { acknowledgeNotice, chaseNotice, noticeStatus, publishNotice, readShopNotice } from '~/server/notices.server';
import { inAppNotifications, sendDueNotifications } from '~/server/notifications.server';
import { retailerHome } from '~/server/retailer-home.server';
import { startSession } from '~/server/session.server';
import { notificationText } from '~/ui/notification-text';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { smallCounty } from '../support/fixtures';
import { replyOf, routeArgs } from '../support/route-args';

const NOW = new Date('2026-12-07T02:00:00.000Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const INTERVAL_MIN = NOTICE_CHASE_INTERVAL_HOURS * 60;

describe.skipIf(postgresSkipped())('chasing a notice (issue 19)', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  const staff = () => ({ userId: county.staffUserId, role: 'staff' as const });
  const manager = (i: 0 | 1) => ({ userId: county.managers[i]!.userId, role: 'manager' as const });
  const shop = (i: number) => ({ userId: county.retailers[i]!.userId, role: 'retailer' as const });
  const shopId = (i: number) => county.retailers[i]!.id;

  const publish = async (title: string, important: boolean, managerIds: number[] = []) => {
    const r = await publishNotice(t.db, staff(), { title, body: '请查看。', important, audience: { ...EVERYONE, managerIds } }, null, NOW);
    if (!r.ok) throw new Error('not published');
    return r.id;
  };
  const written = async () => ({
    chases: (await t.db.selectFrom('noticeChases').select('id').execute()).length,
    notifications: (await t.db.selectFrom('notifications').select('id').execute()).length,
  });
  const remindersOf = (i: number) =>
    t.db.selectFrom('notifications').select(['kind', 'channel', 'textKey', 'paramsJson', 'status', 'error']).where('retailerId', '=', shopId(i)).where('kind', '=', 'notice_reminder').orderBy('id').execute();
  const chasedAt = async (noticeId: number) =>
    Object.fromEntries(
      (await t.db.selectFrom('noticeRecipients').select(['retailerId', 'chasedAt']).where('noticeId', '=', noticeId).execute()).map((r) => [county.retailers.findIndex((x) => x.id === r.retailerId), r.chasedAt]),
    );

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
  });
  afterAll(() => t?.close());

  it('a manager reminds its own route’s shops still to acknowledge, once per interval; staff then find them reminded; nobody to remind is refused saying why', async () => {
    const id = await publish('春节配送安排：除夕至初三暂停配送，请提前订货', true);
    // Shop 1-1 has acknowledged; shop 1-2 has no account (the app cannot reach it); 2-1 and 2-2 are still to do it.
    await acknowledgeNotice(t.db, shop(0), id, NOW);
    await t.db.updateTable('retailers').set({ userId: null }).where('id', '=', shopId(1)).execute();
    try {
      expect((await noticeStatus(t.db, staff(), id, NOW))!.chase).toEqual({ due: 2, recent: 0, nextAt: null, unreachable: 1 });
      expect((await noticeStatus(t.db, manager(0), id, NOW))!.chase).toEqual({ due: 0, recent: 0, nextAt: null, unreachable: 1 });

      // Route 1: nobody it could remind.
      const before = await written();
      expect(await chaseNotice(t.db, manager(0), id, NOW)).toEqual({ ok: false, reason: 'no_account', nextAt: null });
      expect(await written()).toEqual(before);

      // Route 2: both its shops, and no other.
      expect(await chaseNotice(t.db, manager(1), id, NOW)).toEqual({ ok: true, chased: 2, recent: 0, unreachable: 0 });
      expect(await chasedAt(id)).toEqual({ 0: null, 1: null, 2: NOW.toISOString(), 3: NOW.toISOString() });
      const rows = await remindersOf(2);
      // In the app and by SMS (the defaults), each with the notice and its title (cut for an SMS template).
      expect(rows.map((r) => [r.channel, r.textKey, r.status])).toEqual([
        ['in_app', 'notify.text.notice_ack', 'queued'],
        ['sms', 'notify.text.notice_ack', 'queued'],
      ]);
      expect(JSON.parse(rows[0]!.paramsJson)).toEqual({ noticeId: id, title: '春节配送安排：除夕至初三暂停配送，请提前订货', shortTitle: '春节配送安排：除夕至初…' });
      expect(await remindersOf(0)).toEqual([]);
      expect(await remindersOf(1)).toEqual([]);
      const chase = await t.db.selectFrom('noticeChases').selectAll().where('noticeId', '=', id).executeTakeFirstOrThrow();
      expect(chase).toMatchObject({ chasedByUserId: manager(1).userId, managerId: county.managers[1]!.managerId, shops: 2, createdAt: NOW.toISOString() });

      // Again ten minutes later, by the manager or by staff: refused, saying when it may be done again.
      const after = await written();
      const again = new Date(NOW.getTime() + INTERVAL_MIN * 60_000).toISOString();
      expect(await chaseNotice(t.db, manager(1), id, at(10))).toEqual({ ok: false, reason: 'chased_recently', nextAt: again });
      expect(await chaseNotice(t.db, staff(), id, at(60))).toEqual({ ok: false, reason: 'chased_recently', nextAt: again });
      expect(await written()).toEqual(after);
      const county4 = (await noticeStatus(t.db, staff(), id, at(60)))!;
      expect(county4.chase).toEqual({ due: 0, recent: 2, nextAt: again, unreachable: 1 });
      expect(county4.pending.map((s) => [s.id, s.chasedAt, s.reachable])).toEqual([
        [shopId(1), null, false],
        [shopId(2), NOW.toISOString(), true],
        [shopId(3), NOW.toISOString(), true],
      ]);
      // Who chased: staff see every chase (with its route), a manager its own.
      expect(county4.chases.map((c) => [c.shops, c.chasedBy, c.routeOf])).toEqual([[2, 'mgr02', '经理2']]);
      expect((await noticeStatus(t.db, manager(1), id, at(60)))!.chases).toHaveLength(1);
      expect((await noticeStatus(t.db, manager(0), id, at(60)))!.chases).toEqual([]);

      // Shop 2-1 acknowledges before the messages go: its reminders are cancelled, 2-2's are sent (SMS held: no provider here).
      await acknowledgeNotice(t.db, shop(2), id, at(90));
      expect(await sendDueNotifications(t.db, QUIET, at(90), { push: null, sms: null })).toMatchObject({ sent: 1, held: 1, cancelled: 2 });
      expect((await remindersOf(2)).map((r) => [r.status, r.error])).toEqual([
        ['cancelled', 'done'],
        ['cancelled', 'done'],
      ]);
      expect((await remindersOf(3)).map((r) => [r.channel, r.status])).toEqual([
        ['in_app', 'sent'],
        ['sms', 'held'],
      ]);
      // Home shows the reminder (in the shop's words) until the shop acknowledges.
      const home = (await retailerHome(t.db, shop(3), at(91)))!;
      const reminder = home.reminders.find((r) => r.kind === 'notice_reminder')!;
      expect(reminder.params.noticeId).toBe(id);
      const zh = await i18next.getFixedT('zh-CN', 'common');
      expect(notificationText(reminder.textKey, reminder.params, zh)).toBe('请阅读重要通知《春节配送安排：除夕至初三暂停配送，请提前订货》，并点击“我已知晓”。');
      await acknowledgeNotice(t.db, shop(3), id, at(95));
      expect((await inAppNotifications(t.db, shop(3), at(96))).filter((r) => r.kind === 'notice_reminder')).toEqual([]);

      // Everyone reachable has acknowledged: the one left has no account.
      expect(await chaseNotice(t.db, staff(), id, at(INTERVAL_MIN + 1))).toEqual({ ok: false, reason: 'no_account', nextAt: null });
    } finally {
      await t.db.updateTable('retailers').set({ userId: county.retailers[1]!.userId }).where('id', '=', shopId(1)).execute();
    }
  });

  it('after the interval staff chase the county (those still to do it); a plain notice chases those who have not read it', async () => {
    const id = await publish('盘点通知', true);
    expect(await chaseNotice(t.db, manager(0), id, NOW)).toMatchObject({ ok: true, chased: 2 });
    // Within the interval staff remind only the shops the manager did not.
    expect(await chaseNotice(t.db, staff(), id, at(30))).toEqual({ ok: true, chased: 2, recent: 2, unreachable: 0 });
    expect(await chasedAt(id)).toEqual({ 0: NOW.toISOString(), 1: NOW.toISOString(), 2: at(30).toISOString(), 3: at(30).toISOString() });
    expect(await chaseNotice(t.db, staff(), id, at(INTERVAL_MIN))).toEqual({ ok: true, chased: 2, recent: 2, unreachable: 0 });
    const chases = (await noticeStatus(t.db, staff(), id, at(INTERVAL_MIN)))!.chases;
    expect(chases.map((c) => [c.shops, c.chasedBy, c.routeOf])).toEqual([
      [2, 'staff01', null],
      [2, 'staff01', null],
      [2, 'mgr01', '经理1'],
    ]);

    const plain = await publish('新品上市', false, [county.managers[0]!.managerId]);
    await readShopNotice(t.db, shop(0), plain, NOW);
    expect(await chaseNotice(t.db, manager(0), plain, NOW)).toMatchObject({ ok: true, chased: 1 });
    const rows = await remindersOf(1);
    expect(rows.filter((r) => (JSON.parse(r.paramsJson) as { noticeId?: number }).noticeId === plain).map((r) => r.textKey)).toEqual(['notify.text.notice_read', 'notify.text.notice_read']);
    await readShopNotice(t.db, shop(1), plain, at(1));
    expect(await chaseNotice(t.db, manager(0), plain, at(INTERVAL_MIN + 1))).toEqual({ ok: false, reason: 'nothing_to_chase', nextAt: null });
  });

  it('scope: a manager cannot chase a notice that never reached its route, nor a shop anything; two chases at once remind each shop once', async () => {
    const route2 = await publish('线路二通知', true, [county.managers[1]!.managerId]);
    const before = await written();
    expect(await chaseNotice(t.db, manager(0), route2, NOW)).toEqual({ ok: false, reason: 'not_found', nextAt: null });
    expect(await chaseNotice(t.db, shop(2), route2, NOW)).toEqual({ ok: false, reason: 'not_found', nextAt: null });
    expect(await chaseNotice(t.db, staff(), 999_999, NOW)).toEqual({ ok: false, reason: 'not_found', nextAt: null });
    expect(await written()).toEqual(before);

    const both = await Promise.all([chaseNotice(t.db, staff(), route2, NOW), chaseNotice(t.db, manager(1), route2, NOW)]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.find((r) => !r.ok)).toMatchObject({ reason: 'chased_recently' });
    expect((await t.db.selectFrom('noticeChases').select('shops').where('noticeId', '=', route2).execute()).map((c) => c.shops)).toEqual([2]);
    for (const i of [2, 3]) expect((await remindersOf(i)).filter((r) => (JSON.parse(r.paramsJson) as { noticeId?: number }).noticeId === route2)).toHaveLength(2);
  });

  it('the status page’s action: the manager chases and is told how many; again is refused (409) with when; another route’s notice is 404', async () => {
    const id = await publish('价格调整', true, [county.managers[1]!.managerId]);
    const other = await publish('线路一', true, [county.managers[0]!.managerId]);
    const cookie = (await startSession(t.db, new Request('http://localhost/'), manager(1).userId)).split(';')[0]!;
    const post = async (noticeId: number) => {
      const body = new FormData();
      body.set('intent', 'chase');
      const res = replyOf(
        await managerNotice.action(routeArgs(t.db, new Request(`http://localhost/manager/notices/${noticeId}`, { method: 'POST', headers: { Cookie: cookie }, body }), { params: { noticeId: String(noticeId) } })),
      );
      return { status: res.status, ...res.body, chased: res.body.chased, nextAt: res.body.nextAt };
    };
    const first = await post(id);
    expect([first.status, first.result.status, first.chased]).toEqual([200, 'success', 2]);
    const second = await post(id);
    expect([second.status, second.result.error, typeof second.nextAt]).toEqual([409, { '': ['chased_recently'] }, 'string']);
    const theirs = await post(other);
    expect([theirs.status, theirs.result.error]).toEqual([404, { '': ['not_found'] }]);
    const page = (await managerNotice.loader(routeArgs(t.db, new Request(`http://localhost/manager/notices/${id}`, { headers: { Cookie: cookie } }), { params: { noticeId: String(id) } }))) as {
      status: { chase: { due: number; recent: number }; chases: unknown[] };
    };
    expect(page.status.chase).toMatchObject({ due: 0, recent: 2 });
    expect(page.status.chases).toHaveLength(1);
  });
});
