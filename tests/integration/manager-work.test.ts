/**
 * A manager's work against a real database: follow-up lists, contact notes and last contact on the board,
 * board filters, benchmark stores with their limit, visits with photos, store indicators, the quarterly
 * survey and its averages, the profile. Another route's shops never show up.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followUpLists, addContactNote, contactNotesOf } from '~/server/follow-up.server';
import { managerRoute } from '~/server/manager-route.server';
import { retailerHome } from '~/server/retailer-home.server';
import { retailerProfile } from '~/server/retailer-profile.server';
import { countySatisfaction, routeSatisfaction, submitSurvey, surveyDue } from '~/server/satisfaction.server';
import { benchmarkStores, logVisit, markBenchmark, MAX_PHOTO_BYTES, storeIndicators, unmarkBenchmark, visitPhoto, visitsOf } from '~/server/visits.server';
import { MONDAY, orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const NOW = MONDAY.open; // Monday 2026-11-23 16:00 in Shanghai; the Monday shops' cut-off is at 17:00.
const YESTERDAY_NOON = '2026-11-22T04:00:00.000Z';

describe.skipIf(postgresSkipped())('a manager’s work', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fixture: Awaited<ReturnType<typeof orderingFixture>>;
  let photoDir: string;
  const mgr = () => ({ userId: county.managers[0]!.userId, role: 'manager' as const });
  const otherMgr = () => ({ userId: county.managers[1]!.userId, role: 'manager' as const });
  const staff = () => ({ userId: county.staffUserId, role: 'staff' as const });
  const r = (i: number) => county.retailers[i]!;

  async function cycle(code: string, startsOn: string, status: 'delivered' | 'published' | 'allocated') {
    const now = new Date().toISOString();
    return (
      await t.db
        .insertInto('orderCycles')
        .values({ code, startsOn, endsOn: startsOn, opensAt: `${startsOn}T00:00:00.000Z`, cutoffLocalTime: '17:00:00', leadDays: 1, status, createdAt: now })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }
  async function order(retailerId: number, cycleId: number, status: 'submitted' | 'allocated' | 'failed', totalAmountFen = 10_000) {
    const now = new Date().toISOString();
    await t.db
      .insertInto('orders')
      .values({ retailerId, cycleId, status, submittedByUserId: null, submittedAt: now, totalCartons: 3, totalAmountFen, failureReason: null, createdAt: now, updatedAt: now })
      .execute();
  }
  async function upload(retailerId: number, businessDate: string) {
    await t.db
      .insertInto('uploads')
      .values({ retailerId, kind: 'sales', source: 'api', businessDate, createdByUserId: null, createdAt: new Date().toISOString(), rowsAccepted: 1, rowsRejected: 0 })
      .execute();
  }
  async function issue(retailerId: number, key: string, foundAt: string, status: 'open' | 'fixed' = 'open') {
    await t.db
      .insertInto('qualityIssues')
      .values({ retailerId, issueKey: key, kind: 'outlier_day', specId: null, day: '2026-11-21', detailJson: '{}', status, foundAt, resolvedAt: null, resolvedByUserId: null, resolutionNote: null })
      .execute();
  }

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fixture = await orderingFixture(t.db);
    photoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'peihuo-visits-'));
    // Two earlier cycles: shop 0 ordered in neither (3 empty cycles with this one), shop 1 ordered in W47,
    // whose allocation is published and not yet confirmed.
    await cycle('2026-W46', '2026-11-09', 'delivered');
    const w47 = await cycle('2026-W47', '2026-11-16', 'published');
    await order(r(1).id, w47, 'allocated');
    // Another route's shop with every problem: it must never appear on manager 0's lists.
    await order(r(2).id, w47, 'allocated');
    await issue(r(2).id, 'x:1', YESTERDAY_NOON);
    // Uploads: shop 0 yesterday, shop 1 four days ago.
    await upload(r(0).id, '2026-11-22');
    await upload(r(1).id, '2026-11-19');
    // Issues on shop 0: one from yesterday (listed), one found today (not yet), one fixed (not listed).
    await issue(r(0).id, 'a:1', YESTERDAY_NOON);
    await issue(r(0).id, 'a:2', '2026-11-23T02:00:00.000Z');
    await issue(r(0).id, 'a:3', YESTERDAY_NOON, 'fixed');
  });
  afterAll(async () => {
    await t?.close();
    if (photoDir) fs.rmSync(photoDir, { recursive: true, force: true });
  });

  it('lists who has not ordered, with empty cycles in a row flagged, and what to call about', async () => {
    const lists = await followUpLists(t.db, mgr(), {}, NOW);
    expect(lists.notOrdered.map((x) => [x.id, x.emptyStreak, x.flagged, x.windowOpen])).toEqual([
      [r(0).id, 3, true, true],
      [r(1).id, 1, false, true],
    ]);
    expect(lists.notUploaded.map((x) => [x.id, x.daysSince])).toEqual([[r(1).id, 4]]);
    expect((await followUpLists(t.db, mgr(), { notUploadedDays: 5 }, NOW)).notUploaded).toEqual([]);
    expect(lists.allocationsUnconfirmed.map((x) => [x.id, x.cycleCode])).toEqual([[r(1).id, '2026-W47']]);
    expect(lists.issuesOpen.map((x) => [x.id, x.openCount])).toEqual([[r(0).id, 1]]);
    // Nothing of the other route, on any list.
    const ids = [lists.notOrdered, lists.notUploaded, lists.allocationsUnconfirmed, lists.issuesOpen].flat().map((x) => x.id);
    expect(ids).not.toContain(r(2).id);
    expect(ids).not.toContain(r(3).id);
  });

  it('an order placed this cycle takes the shop off the not-ordered list', async () => {
    await order(r(1).id, fixture.cycleId, 'submitted', 150_000);
    const lists = await followUpLists(t.db, mgr(), {}, NOW);
    expect(lists.notOrdered.map((x) => x.id)).toEqual([r(0).id]);
  });

  it('the board shows issues, deposit shortfall and upload state, filters, and sorts who needs a call first', async () => {
    const board = await managerRoute(t.db, mgr(), NOW);
    const [first, second] = board.route;
    expect(first).toMatchObject({ id: r(0).id, needsCall: true, openIssues: 2, uploadedYesterday: true, lastContactAt: null });
    expect(first!.reasons).toEqual(['not_ordered_due', 'issues_open']);
    // Shop 1 submitted 1,500 元 with a 1,000 元 deposit.
    expect(second).toMatchObject({ id: r(1).id, orderStatus: 'submitted', depositShortFen: 50_000, uploadedYesterday: false });
    expect(second!.reasons).toEqual(['deposit_short', 'allocation_unconfirmed', 'not_uploaded']);

    expect((await managerRoute(t.db, mgr(), NOW, { orderWeekday: 2 })).route.map((x) => x.id)).toEqual([r(1).id]);
    expect((await managerRoute(t.db, mgr(), NOW, { gradeFrom: 1, gradeTo: 5 })).route.map((x) => x.id)).toEqual([r(0).id]);
    expect((await managerRoute(t.db, mgr(), NOW, { businessType: 'supermarket' })).route).toEqual([]);
    expect((await managerRoute(t.db, mgr(), NOW, { benchmarkOnly: true })).route).toEqual([]);
  });

  it('a contact note is stored for the route’s shops only, becomes last contact and is shown on the list', async () => {
    expect(await addContactNote(t.db, mgr(), { retailerId: r(2).id, topic: 'general', outcome: 'no_answer', note: null }, NOW)).toEqual({ ok: false, reason: 'not_found' });
    expect(await t.db.selectFrom('contactNotes').select('id').execute()).toEqual([]);

    const saved = await addContactNote(t.db, mgr(), { retailerId: r(0).id, topic: 'not_ordered', outcome: 'will_order_tonight', note: '老板在进货' }, NOW);
    expect(saved.ok).toBe(true);
    const notes = await contactNotesOf(t.db, mgr(), r(0).id);
    expect(notes).toMatchObject([{ topic: 'not_ordered', outcome: 'will_order_tonight', note: '老板在进货', author: 'mgr01', at: NOW.toISOString() }]);
    expect(await contactNotesOf(t.db, otherMgr(), r(0).id)).toEqual([]);

    const lists = await followUpLists(t.db, mgr(), {}, NOW);
    expect(lists.notOrdered[0]!.todaysNote).toMatchObject({ outcome: 'will_order_tonight' });
    const board = await managerRoute(t.db, mgr(), NOW);
    const shop0 = board.route.find((x) => x.id === r(0).id)!;
    expect(shop0).toMatchObject({ lastContactAt: NOW.toISOString(), contactedToday: true, needsCall: false });
    // Called today: the shop still waiting for a call comes first.
    expect(board.route[0]!.id).toBe(r(1).id);
  });

  it('benchmark stores: at most two per manager, each with a reason; another route’s shop cannot be marked', async () => {
    const now = new Date().toISOString();
    const extra = (
      await t.db
        .insertInto('retailers')
        .values({
          userId: null,
          licenceNo: '440300109999',
          name: '店1-9',
          ownerName: '李',
          phone: '13900000009',
          address: '城关镇',
          stationId: county.station,
          managerId: county.managers[0]!.managerId,
          businessType: 'supermarket',
          marketType: 'urban',
          grade: 20,
          orderWeekday: 3,
          isOnline: 1,
          active: 1,
          isBenchmark: 0,
          depositBalanceFen: 0,
          createdAt: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    expect(await markBenchmark(t.db, mgr(), r(0).id, '客流大')).toEqual({ ok: true });
    expect(await markBenchmark(t.db, mgr(), r(1).id, '上传及时')).toEqual({ ok: true });
    expect(await markBenchmark(t.db, mgr(), extra, '陈列好')).toEqual({ ok: false, reason: 'limit' });
    // Changing the reason of a store already marked is not a third one.
    expect(await markBenchmark(t.db, mgr(), r(1).id, '上传及时，陈列规范')).toEqual({ ok: true });
    expect(await markBenchmark(t.db, mgr(), r(2).id, 'x')).toEqual({ ok: false, reason: 'not_found' });
    expect(await unmarkBenchmark(t.db, mgr(), r(2).id)).toEqual({ ok: false, reason: 'not_found' });

    const list = await benchmarkStores(t.db, mgr(), NOW);
    expect(list.stores.map((s) => [s.id, s.reason])).toEqual([
      [r(0).id, '客流大'],
      [r(1).id, '上传及时，陈列规范'],
    ]);
    expect(list.candidates.map((c) => c.id)).toEqual([extra]);

    // With one slot free, two marks at once: exactly one gets it.
    expect(await unmarkBenchmark(t.db, mgr(), r(1).id)).toEqual({ ok: true });
    const race = await Promise.all([markBenchmark(t.db, mgr(), r(1).id, 'a'), markBenchmark(t.db, mgr(), extra, 'b')]);
    expect(race.filter((x) => x.ok)).toHaveLength(1);
    const count = await t.db.selectFrom('retailers').select('id').where('managerId', '=', county.managers[0]!.managerId).where('isBenchmark', '=', 1).execute();
    expect(count).toHaveLength(2);
    expect((await managerRoute(t.db, mgr(), NOW, { benchmarkOnly: true })).route).toHaveLength(2);
  });

  it('logs a visit with a photo that only the route’s manager and staff can get; bad photos and dates are refused and leave nothing', async () => {
    const visit = { retailerId: r(0).id, visitedOn: '2026-11-23', durationMinutes: 40, whatDone: '检查陈列，讲解新品' };
    const ok = await logVisit(t.db, mgr(), visit, { bytes: PNG }, { photoDir, now: NOW });
    expect(ok.ok).toBe(true);
    const id = ok.ok ? ok.id : 0;
    expect(fs.readdirSync(photoDir)).toHaveLength(1);
    expect(await visitPhoto(t.db, mgr(), id, photoDir)).toMatchObject({ contentType: 'image/png' });
    expect(Buffer.from((await visitPhoto(t.db, staff(), id, photoDir))!.bytes)).toEqual(Buffer.from(PNG));
    expect(await visitPhoto(t.db, otherMgr(), id, photoDir)).toBeNull();
    expect(await visitPhoto(t.db, { userId: r(0).userId, role: 'retailer' }, id, photoDir)).toMatchObject({ contentType: 'image/png' });

    const big = new Uint8Array(MAX_PHOTO_BYTES + 1);
    big.set(PNG);
    expect(await logVisit(t.db, mgr(), visit, { bytes: big }, { photoDir, now: NOW })).toEqual({ ok: false, reason: 'photo_too_large' });
    expect(await logVisit(t.db, mgr(), visit, { bytes: new TextEncoder().encode('<svg onload=alert(1)>') }, { photoDir, now: NOW })).toEqual({ ok: false, reason: 'photo_type' });
    expect(await logVisit(t.db, mgr(), { ...visit, visitedOn: '2026-11-24' }, null, { photoDir, now: NOW })).toEqual({ ok: false, reason: 'visit_future' });
    expect(await logVisit(t.db, mgr(), { ...visit, visitedOn: '2026-01-01' }, null, { photoDir, now: NOW })).toEqual({ ok: false, reason: 'visit_too_old' });
    expect(await logVisit(t.db, mgr(), { ...visit, retailerId: r(2).id }, { bytes: PNG }, { photoDir, now: NOW })).toEqual({ ok: false, reason: 'not_found' });
    expect(fs.readdirSync(photoDir)).toHaveLength(1);
    expect(await visitsOf(t.db, mgr(), r(0).id)).toMatchObject([{ id, visitedOn: '2026-11-23', durationMinutes: 40, hasPhoto: true }]);
    expect(await visitsOf(t.db, otherMgr(), r(0).id)).toEqual([]);
  });

  it('shows a store’s indicators week by week from sales, uploads, orders and visits', async () => {
    await t.db
      .insertInto('posDailySales')
      .values([
        { retailerId: r(0).id, specId: fixture.specs.plain, salesDate: '2026-11-17', qtyPacks: 12, uploadId: null },
        { retailerId: r(0).id, specId: fixture.specs.scarce, salesDate: '2026-11-19', qtyPacks: 5, uploadId: null },
        { retailerId: r(0).id, specId: fixture.specs.plain, salesDate: '2026-11-23', qtyPacks: 4, uploadId: null },
      ])
      .execute();
    const ind = (await storeIndicators(t.db, mgr(), r(0).id, NOW, 3))!;
    expect(ind.weeks).toEqual([
      { weekStart: '2026-11-23', salesPacks: 4, uploadDays: 0, cycleCode: '2026-W48', ordered: false, visits: 1 },
      { weekStart: '2026-11-16', salesPacks: 17, uploadDays: 1, cycleCode: '2026-W47', ordered: false, visits: 0 },
      { weekStart: '2026-11-09', salesPacks: 0, uploadDays: 0, cycleCode: '2026-W46', ordered: false, visits: 0 },
    ]);
    expect(await storeIndicators(t.db, otherMgr(), r(0).id, NOW)).toBeNull();
  });

  it('the survey: one answer per shop per quarter, the home page asks until answered, averages by route, station and manager', async () => {
    const me = { userId: r(0).userId, role: 'retailer' as const };
    expect(await surveyDue(t.db, me, r(0).id, NOW)).toBe(true);
    expect((await retailerHome(t.db, me, NOW))!.todos.map((x) => x.kind)).toContain('survey');
    const answer = { supply: 80, ordering: 90, delivery: 70, manager: 100, comment: '希望多投放紧俏烟' };
    expect(await submitSurvey(t.db, me, r(0).id, answer, NOW)).toEqual({ ok: true });
    expect(await submitSurvey(t.db, me, r(0).id, { ...answer, supply: 0 }, NOW)).toEqual({ ok: false, reason: 'already_answered' });
    // A retailer cannot answer for another shop.
    expect(await submitSurvey(t.db, me, r(1).id, answer, NOW)).toEqual({ ok: false, reason: 'not_found' });
    expect((await retailerHome(t.db, me, NOW))!.todos.map((x) => x.kind)).not.toContain('survey');
    // Next quarter it asks again.
    expect(await surveyDue(t.db, me, r(0).id, new Date('2027-01-05T02:00:00Z'))).toBe(true);

    await submitSurvey(t.db, { userId: r(1).userId, role: 'retailer' }, r(1).id, { supply: 60, ordering: 70, delivery: 90, manager: 80, comment: null }, NOW);
    await submitSurvey(t.db, { userId: r(2).userId, role: 'retailer' }, r(2).id, { supply: 50, ordering: 50, delivery: 50, manager: 50, comment: null }, NOW);

    const route = await routeSatisfaction(t.db, mgr(), '2026-Q4');
    expect(route.answers.map((a) => a.retailerId).sort()).toEqual([r(0).id, r(1).id].sort());
    expect(route.summary).toEqual({ answers: 2, byTopic: { supply: 70, ordering: 80, delivery: 80, manager: 90 }, overall: 80 });
    expect(route.asked).toBe(3); // the extra shop added for the benchmark test has not answered

    const county_ = await countySatisfaction(t.db, staff(), '2026-Q4');
    expect(county_.summary.answers).toBe(3);
    expect(county_.summary.overall).toBeCloseTo((85 + 75 + 50) / 3, 9);
    expect(county_.managers.map((m) => [m.name, m.summary.overall, m.summary.answers, m.asked])).toEqual([
      ['经理1', 80, 2, 3],
      ['经理2', 50, 1, 2],
    ]);
    expect(county_.stations).toHaveLength(1);
    expect(county_.stations[0]!.responseRate).toBeCloseTo(3 / 5, 9);
    expect(county_.comments.map((c) => c.comment)).toEqual(['希望多投放紧俏烟']);
    // A manager reading the county sees only its own route's answers.
    expect((await countySatisfaction(t.db, otherMgr(), '2026-Q4')).summary.answers).toBe(1);
  });

  it('the profile shows a route shop with its history and notes, and nothing of another route’s', async () => {
    const p = (await retailerProfile(t.db, mgr(), r(0).id, NOW))!;
    expect(p.retailer).toMatchObject({ id: r(0).id, licenceNo: r(0).licenceNo, isBenchmark: 1, benchmarkReason: '客流大', managerName: '经理1' });
    expect(p.openIssues).toBe(2);
    expect(p.uploadDays).toBe(1);
    expect(p.notes).toHaveLength(1);
    expect(p.visits).toHaveLength(1);
    expect(await retailerProfile(t.db, mgr(), r(2).id, NOW)).toBeNull();
    expect(await retailerProfile(t.db, mgr(), Number.NaN, NOW)).toBeNull();
  });

  it('after a shop’s cut-off it is chased for the cycle it can order in next, as its own order page shows', async () => {
    // Before next week's cycle exists, the Monday shop's missed cycle stays its cycle: missed, cut-off passed.
    const missed = await managerRoute(t.db, mgr(), MONDAY.afterCutoff);
    expect(missed.route.find((x) => x.id === r(0).id)).toMatchObject({ cycleCode: '2026-W48', windowOpen: false });
    expect(missed.route.find((x) => x.id === r(0).id)!.reasons).toContain('not_ordered_closed');
    // Once next week's cycle is open, that is the one it orders in.
    const w49 = await cycle('2026-W49', '2026-11-30', 'delivered');
    await t.db.updateTable('orderCycles').set({ status: 'open', opensAt: '2026-11-23T09:00:00.000Z', endsOn: '2026-12-06' }).where('id', '=', w49).execute();
    const lists = await followUpLists(t.db, mgr(), {}, MONDAY.afterCutoff);
    expect(lists.notOrdered.find((x) => x.id === r(0).id)).toMatchObject({ cycleCode: '2026-W49', windowOpen: true, emptyStreak: 4 });
    expect(lists.cycleCodes).toEqual(['2026-W48', '2026-W49']);
  });
});
