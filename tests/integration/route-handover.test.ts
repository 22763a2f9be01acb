/**
 * Route hand-over (issue 17, item 7): staff move some or all of a manager's shops to another manager from a day;
 * the new manager sees them, the old one no longer does, and every by-manager figure of the days before stays with
 * the manager who had the shop then — after the hand-over, after a full recomputation and after a shop's refresh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drillDown } from '~/server/monitoring-drill.server';
import { markRollupsDirty, rebuildRollups, refreshRollups } from '~/server/rollups.server';
import { recordAttributeChanges } from '~/server/retailer-history.server';
import {
  applyDueHandovers,
  cancelHandover,
  handOverShops,
  handoverManagers,
  handoverShops,
  pendingHandovers,
  queueDueHandovers,
  recentHandovers,
} from '~/server/route-handover.server';
import { retailerIsInScope } from '~/server/scope.server';
import { smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

const FIRST = '2026-11-10';
const TODAY = '2026-11-20';
/** 2026-11-20, noon in Asia/Shanghai. */
const NOW = new Date('2026-11-20T04:00:00.000Z');

describe.skipIf(postgresSkipped())('route hand-over: shops move, the past stays with the manager who had them', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  const staff = () => ({ userId: county.staffUserId, role: 'staff' as const });
  const A = () => county.managers[0]!;
  const B = () => county.managers[1]!;
  const shopsOf = (m: { managerId: number }) => county.retailers.filter((r) => r.managerId === m.managerId);
  /** 'day managerId dueUpload' for every by-manager roll-up row, and the county's per day. */
  const byManager = async () =>
    (await t.db.selectFrom('monitoringRollups').select(['day', 'dimValue', 'dueUpload']).where('dim', '=', 'manager').where('day', '>=', FIRST).orderBy('day').orderBy('dimValue').execute()).map(
      (r) => `${String(r.day)} ${r.dimValue} ${r.dueUpload}`,
    );
  const county_ = async () =>
    (await t.db.selectFrom('monitoringRollups').select(['day', 'dueUpload']).where('dim', '=', 'county').where('day', '>=', FIRST).orderBy('day').execute()).map((r) => `${String(r.day)} ${r.dueUpload}`);
  const expected = (split: (day: string) => [number, number]) => {
    const out: string[] = [];
    for (let d = 10; d <= 20; d++) {
      const day = `2026-11-${d}`;
      const [a, b] = split(day);
      const rows = [
        [String(A().managerId), a],
        [String(B().managerId), b],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0])));
      for (const [m, n] of rows) if (Number(n) > 0) out.push(`${day} ${m} ${n}`);
    }
    return out;
  };
  const state = async () => ({
    history: await t.db.selectFrom('retailerAttributeHistory').select(['retailerId', 'managerId', 'validFrom', 'validTo']).orderBy('id').execute(),
    managers: await t.db.selectFrom('retailers').select(['id', 'managerId']).orderBy('id').execute(),
  });

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    // The shops exist from well before the days looked at.
    await t.db.updateTable('retailers').set({ createdAt: '2026-01-01T00:00:00.000Z' }).execute();
    await rebuildRollups(t.db, FIRST, TODAY);
  });
  afterAll(() => t?.close());

  it('lists the managers with their shops, and one manager’s shops', async () => {
    const managers = await handoverManagers(t.db, staff());
    expect(managers.map((m) => [m.id, m.shops])).toEqual([
      [A().managerId, 2],
      [B().managerId, 2],
    ]);
    expect((await handoverShops(t.db, staff(), A().managerId)).map((s) => [s.id, s.since])).toEqual(shopsOf(A()).map((s) => [s.id, null]));
    expect(await handoverManagers(t.db, { userId: A().userId, role: 'manager' })).toEqual([]);
    expect(await handoverShops(t.db, { userId: A().userId, role: 'manager' }, A().managerId)).toEqual([]);
  });

  it('refuses a day too far ahead, a day too far back, the same manager, a shop not on the route and anyone but staff — writing nothing', async () => {
    const x = shopsOf(A())[0]!.id;
    const before = await state();
    const input = { fromManagerId: A().managerId, toManagerId: B().managerId, retailerIds: [x], effectiveOn: '2026-11-16' };
    expect(await handOverShops(t.db, staff(), { ...input, effectiveOn: '2027-01-20' }, NOW)).toEqual({ ok: false, reason: 'too_far_ahead' });
    expect(await handOverShops(t.db, staff(), { ...input, effectiveOn: '2026-10-01' }, NOW)).toEqual({ ok: false, reason: 'too_far_back' });
    expect(await handOverShops(t.db, staff(), { ...input, effectiveOn: '2026-11-31' }, NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(await handOverShops(t.db, staff(), { ...input, toManagerId: A().managerId }, NOW)).toEqual({ ok: false, reason: 'same_manager' });
    expect(await handOverShops(t.db, staff(), { ...input, toManagerId: 999_999 }, NOW)).toEqual({ ok: false, reason: 'not_found' });
    expect(await handOverShops(t.db, staff(), { ...input, retailerIds: [x, shopsOf(B())[0]!.id] }, NOW)).toEqual({ ok: false, reason: 'shop_moved' });
    expect(await handOverShops(t.db, staff(), { ...input, retailerIds: [] }, NOW)).toEqual({ ok: false, reason: 'no_shops' });
    expect(await handOverShops(t.db, { userId: A().userId, role: 'manager' }, input, NOW)).toEqual({ ok: false, reason: 'not_found' });
    expect(await state()).toEqual(before);
    expect(await byManager()).toEqual(expected(() => [2, 2]));
  });

  it('moves one shop from a day: the new manager sees it, the days before stay with the old manager', async () => {
    const x = shopsOf(A())[0]!.id;
    const countyBefore = await county_();
    expect(await handOverShops(t.db, staff(), { fromManagerId: A().managerId, toManagerId: B().managerId, retailerIds: [x], effectiveOn: '2026-11-16' }, NOW)).toEqual({
      ok: true,
      moved: 1,
      effectiveOn: '2026-11-16',
      scheduled: false,
    });
    expect(await retailerIsInScope(t.db, { userId: B().userId, role: 'manager' }, x)).toBe(true);
    expect(await retailerIsInScope(t.db, { userId: A().userId, role: 'manager' }, x)).toBe(false);
    const split = (day: string): [number, number] => (day < '2026-11-16' ? [2, 2] : [1, 3]);
    expect(await byManager()).toEqual(expected(split));
    expect(await county_()).toEqual(countyBefore);
    // The drill-down of a period adds up the same way: before the day the shop is A's, from the day B's.
    const drill = async (m: { managerId: number }, from: string, to: string) =>
      (await drillDown(t.db, staff(), { indicator: 'uploadRate', dim: 'manager', value: String(m.managerId), from, to }, NOW)).map((r) => [r.retailerId, r.denominator]);
    expect((await drill(A(), FIRST, '2026-11-15')).map(([id]) => id)).toContain(x);
    expect((await drill(B(), FIRST, '2026-11-15')).map(([id]) => id)).not.toContain(x);
    expect(await drill(B(), '2026-11-16', TODAY)).toContainEqual([x, 5]);
    expect((await drill(A(), '2026-11-16', TODAY)).map(([id]) => id)).not.toContain(x);
    // A recomputation later changes nothing in the past: a full rebuild, then the shop's days refreshed as dirty.
    await rebuildRollups(t.db, FIRST, TODAY);
    expect(await byManager()).toEqual(expected(split));
    await markRollupsDirty(t.db, x, '2026-11-12');
    await refreshRollups(t.db, TODAY);
    expect(await byManager()).toEqual(expected(split));
    // (The refresh also built the shop's earlier days it looks back over: still A's.)
    const earlier = await t.db.selectFrom('monitoringRollups').select(['dimValue']).distinct().where('dim', '=', 'manager').where('day', '<', FIRST).execute();
    expect(earlier.map((r) => r.dimValue)).toEqual([String(A().managerId)]);
    expect((await handoverShops(t.db, staff(), B().managerId)).find((s) => s.id === x)?.since).toBe('2026-11-16');
  });

  it('a shop cannot be handed back before it arrived; handed back later, each manager keeps its days', async () => {
    const x = shopsOf(A())[0]!.id;
    const back = { fromManagerId: B().managerId, toManagerId: A().managerId, retailerIds: [x] };
    expect(await handOverShops(t.db, staff(), { ...back, effectiveOn: '2026-11-15' }, NOW)).toEqual({ ok: false, reason: 'before_last_handover' });
    expect(await handOverShops(t.db, staff(), { ...back, effectiveOn: '2026-11-18' }, NOW)).toMatchObject({ ok: true, moved: 1 });
    const split = (day: string): [number, number] => (day < '2026-11-16' || day >= '2026-11-18' ? [2, 2] : [1, 3]);
    expect(await byManager()).toEqual(expected(split));
    await rebuildRollups(t.db, FIRST, TODAY);
    expect(await byManager()).toEqual(expected(split));
    expect((await state()).history).toEqual([
      { retailerId: x, managerId: A().managerId, validFrom: null, validTo: '2026-11-16' },
      { retailerId: x, managerId: B().managerId, validFrom: '2026-11-16', validTo: '2026-11-18' },
    ]);
  });

  it('hands a whole route over from today', async () => {
    expect(await handOverShops(t.db, staff(), { fromManagerId: A().managerId, toManagerId: B().managerId, retailerIds: 'all', effectiveOn: TODAY }, NOW)).toEqual({
      ok: true,
      moved: 2,
      effectiveOn: TODAY,
      scheduled: false,
    });
    expect(await handoverShops(t.db, staff(), A().managerId)).toEqual([]);
    const split = (day: string): [number, number] => (day === TODAY ? [0, 4] : day < '2026-11-16' || day >= '2026-11-18' ? [2, 2] : [1, 3]);
    expect(await byManager()).toEqual(expected(split));
    for (const s of shopsOf(A())) expect(await retailerIsInScope(t.db, { userId: B().userId, role: 'manager' }, s.id)).toBe(true);
    const recent = await recentHandovers(t.db, staff());
    expect(recent.map((r) => [r.effectiveOn, r.fromCode, r.shops])[0]).toEqual([TODAY, expect.any(String), 2]);
  });
});

/** Noon in Asia/Shanghai of a day (04:00 UTC). */
const noonOf = (day: string) => new Date(`${day}T04:00:00.000Z`);

describe.skipIf(postgresSkipped())('route hand-over dated ahead: kept until its day, cancellable, then applied on that day by the jobs runner', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  const staff = () => ({ userId: county.staffUserId, role: 'staff' as const });
  const A = () => county.managers[0]!;
  const B = () => county.managers[1]!;
  const asManager = (m: { userId: number }) => ({ userId: m.userId, role: 'manager' as const });
  const shopsOf = (m: { managerId: number }) => county.retailers.filter((r) => r.managerId === m.managerId);
  /** Shops each manager has in the by-manager roll-ups, per day from `from`: 'day A-count B-count'. */
  const perDay = async (from: string) => {
    const rows = await t.db.selectFrom('monitoringRollups').select(['day', 'dimValue', 'dueUpload']).where('dim', '=', 'manager').where('day', '>=', from).orderBy('day').execute();
    const days = new Map<string, [number, number]>();
    for (const r of rows) {
      const d = days.get(String(r.day)) ?? [0, 0];
      d[r.dimValue === String(A().managerId) ? 0 : 1] += r.dueUpload;
      days.set(String(r.day), d);
    }
    return [...days].map(([day, [a, b]]) => `${day} ${a}-${b}`);
  };
  const managerOf = async (id: number) => (await t.db.selectFrom('retailers').select('managerId').where('id', '=', id).executeTakeFirstOrThrow()).managerId;
  const queuedJobs = async () => (await t.db.selectFrom('jobs').select(['kind', 'status']).where('kind', '=', 'handovers').execute()).map((j) => `${j.kind}:${j.status}`);

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    await t.db.updateTable('retailers').set({ createdAt: '2026-01-01T00:00:00.000Z' }).execute();
    await rebuildRollups(t.db, '2026-11-18', '2026-11-22');
  });
  afterAll(() => t?.close());

  it('a day to come moves nothing yet: the shop stays with its manager, listed as pending, and blocks another hand-over of it', async () => {
    const x = shopsOf(A())[0]!.id;
    const before = await perDay('2026-11-18');
    expect(await handOverShops(t.db, staff(), { fromManagerId: A().managerId, toManagerId: B().managerId, retailerIds: [x], effectiveOn: '2026-11-23' }, NOW)).toEqual({
      ok: true,
      moved: 1,
      effectiveOn: '2026-11-23',
      scheduled: true,
    });
    expect(await managerOf(x)).toBe(A().managerId);
    expect(await retailerIsInScope(t.db, asManager(A()), x)).toBe(true);
    expect(await retailerIsInScope(t.db, asManager(B()), x)).toBe(false);
    expect(await t.db.selectFrom('retailerAttributeHistory').selectAll().execute()).toEqual([]);
    expect(await perDay('2026-11-18')).toEqual(before);
    expect(before).toEqual(['2026-11-18 2-2', '2026-11-19 2-2', '2026-11-20 2-2', '2026-11-21 2-2', '2026-11-22 2-2']);
    expect((await pendingHandovers(t.db, staff())).map((p) => [p.effectiveOn, p.scope, p.fromCode, p.toCode, p.shops])).toEqual([['2026-11-23', 'some', 'mgr01', 'mgr02', 1]]);
    expect(await pendingHandovers(t.db, asManager(A()))).toEqual([]);
    // The shop (or the whole route holding it) cannot be handed over again while it waits, today or another day.
    const again = { fromManagerId: A().managerId, toManagerId: B().managerId };
    expect(await handOverShops(t.db, staff(), { ...again, retailerIds: [x], effectiveOn: TODAY }, NOW)).toEqual({ ok: false, reason: 'pending_handover' });
    expect(await handOverShops(t.db, staff(), { ...again, retailerIds: 'all', effectiveOn: '2026-11-25' }, NOW)).toEqual({ ok: false, reason: 'pending_handover' });
    // The route's other shop is free.
    expect(await handOverShops(t.db, staff(), { ...again, retailerIds: [shopsOf(A())[1]!.id], effectiveOn: '2026-11-21' }, NOW)).toMatchObject({ ok: true, scheduled: true });
    expect((await pendingHandovers(t.db, staff())).map((p) => p.effectiveOn)).toEqual(['2026-11-21', '2026-11-23']);
  });

  it('the runner does nothing before the day; staff can cancel until then', async () => {
    expect(await queueDueHandovers(t.db, NOW)).toBe(false);
    expect(await queuedJobs()).toEqual([]);
    expect(await applyDueHandovers(t.db, undefined, NOW)).toEqual({ applied: 0, moved: 0, skipped: 0 });
    const y = shopsOf(A())[1]!.id;
    const pending = await pendingHandovers(t.db, staff());
    const first = pending.find((p) => p.effectiveOn === '2026-11-21')!;
    expect(await cancelHandover(t.db, asManager(A()), first.id)).toEqual({ ok: false, reason: 'not_found' });
    expect(await cancelHandover(t.db, staff(), first.id, NOW)).toEqual({ ok: true });
    expect(await cancelHandover(t.db, staff(), first.id, NOW)).toEqual({ ok: false, reason: 'not_found' });
    expect((await pendingHandovers(t.db, staff())).map((p) => p.effectiveOn)).toEqual(['2026-11-23']);
    // Its day comes: a cancelled hand-over is never applied.
    expect(await applyDueHandovers(t.db, undefined, noonOf('2026-11-22'))).toEqual({ applied: 0, moved: 0, skipped: 0 });
    expect(await managerOf(y)).toBe(A().managerId);
  });

  it('on its day the runner queues the job, which moves the shop from that day: the days before keep the old manager', async () => {
    const x = shopsOf(A())[0]!.id;
    const day = noonOf('2026-11-23');
    // Just before midnight in Asia/Shanghai (15:59 UTC) it is still the 22nd.
    expect(await queueDueHandovers(t.db, new Date('2026-11-22T15:59:00.000Z'))).toBe(false);
    expect(await queueDueHandovers(t.db, new Date('2026-11-22T16:00:00.000Z'))).toBe(true);
    expect(await queueDueHandovers(t.db, day)).toBe(true);
    expect(await queuedJobs()).toEqual(['handovers:queued']);
    await rebuildRollups(t.db, '2026-11-23', '2026-11-23');
    expect(await applyDueHandovers(t.db, undefined, day)).toEqual({ applied: 1, moved: 1, skipped: 0 });
    expect(await managerOf(x)).toBe(B().managerId);
    expect(await retailerIsInScope(t.db, asManager(B()), x)).toBe(true);
    expect(await retailerIsInScope(t.db, asManager(A()), x)).toBe(false);
    const split = ['2026-11-18 2-2', '2026-11-19 2-2', '2026-11-20 2-2', '2026-11-21 2-2', '2026-11-22 2-2', '2026-11-23 1-3'];
    expect(await perDay('2026-11-18')).toEqual(split);
    // A recomputation later changes nothing in the past.
    await rebuildRollups(t.db, '2026-11-18', '2026-11-23');
    expect(await perDay('2026-11-18')).toEqual(split);
    expect(await t.db.selectFrom('retailerAttributeHistory').select(['retailerId', 'managerId', 'validFrom', 'validTo', 'cause']).execute()).toEqual([
      { retailerId: x, managerId: A().managerId, validFrom: null, validTo: '2026-11-23', cause: 'handover' },
    ]);
    expect((await recentHandovers(t.db, staff())).map((r) => [r.effectiveOn, r.fromCode, r.shops])).toEqual([['2026-11-23', 'mgr01', 1]]);
    expect(await pendingHandovers(t.db, staff())).toEqual([]);
    // Applied once: a second run (another instance, a rerun) finds nothing; it can no longer be cancelled.
    expect(await applyDueHandovers(t.db, undefined, day)).toEqual({ applied: 0, moved: 0, skipped: 0 });
    const row = await t.db.selectFrom('scheduledHandovers').select(['id', 'status', 'movedShops', 'skippedShops']).where('effectiveOn', '=', '2026-11-23').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'applied', movedShops: 1, skippedShops: 0 });
    expect(await cancelHandover(t.db, staff(), row.id)).toEqual({ ok: false, reason: 'not_found' });
  });

  it('a whole route moves as it is on its day, dated that day even when applied late; a shop moved meanwhile is left', async () => {
    const y = shopsOf(A())[1]!.id;
    const z = shopsOf(B())[0]!.id;
    const now = noonOf('2026-11-23');
    // B's whole route (its two shops and x) to A from the 25th.
    expect(await handOverShops(t.db, staff(), { fromManagerId: B().managerId, toManagerId: A().managerId, retailerIds: 'all', effectiveOn: '2026-11-25' }, now)).toMatchObject({
      ok: true,
      moved: 3,
      scheduled: true,
    });
    expect((await pendingHandovers(t.db, staff())).map((p) => [p.scope, p.shops])).toEqual([['all', 3]]);
    // Meanwhile a master-data import gives y to B on the 24th: it is on B's route on the 25th and goes with it.
    await t.db.transaction().execute((trx) => recordAttributeChanges(trx, [{ retailerId: y, set: { managerId: B().managerId } }], '2026-11-24', 'import', null, noonOf('2026-11-24')));
    // ...and z leaves B's route for A on the 24th: not on the route any more, it stays where it is.
    await t.db.transaction().execute((trx) => recordAttributeChanges(trx, [{ retailerId: z, set: { managerId: A().managerId } }], '2026-11-24', 'import', null, noonOf('2026-11-24')));
    await rebuildRollups(t.db, '2026-11-24', '2026-11-27');
    expect((await perDay('2026-11-24'))).toEqual(['2026-11-24 1-3', '2026-11-25 1-3', '2026-11-26 1-3', '2026-11-27 1-3']);
    // The instance was down: the runner gets to it on the 27th; the shops still move from the 25th.
    expect(await applyDueHandovers(t.db, undefined, noonOf('2026-11-27'))).toEqual({ applied: 1, moved: 3, skipped: 0 });
    for (const s of county.retailers) expect(await managerOf(s.id)).toBe(A().managerId);
    expect(await perDay('2026-11-22')).toEqual([
      '2026-11-22 2-2',
      '2026-11-23 1-3',
      '2026-11-24 1-3',
      '2026-11-25 4-0',
      '2026-11-26 4-0',
      '2026-11-27 4-0',
    ]);
    await rebuildRollups(t.db, '2026-11-18', '2026-11-27');
    expect(await perDay('2026-11-22')).toEqual(['2026-11-22 2-2', '2026-11-23 1-3', '2026-11-24 1-3', '2026-11-25 4-0', '2026-11-26 4-0', '2026-11-27 4-0']);
  });

  it('a listed shop no longer on the route by its day is left, and said so', async () => {
    const [s1, s2] = county.retailers;
    const now = noonOf('2026-11-27');
    expect(await handOverShops(t.db, staff(), { fromManagerId: A().managerId, toManagerId: B().managerId, retailerIds: [s1!.id, s2!.id], effectiveOn: '2026-11-29' }, now)).toMatchObject({ ok: true, scheduled: true });
    await t.db.transaction().execute((trx) => recordAttributeChanges(trx, [{ retailerId: s2!.id, set: { managerId: B().managerId } }], '2026-11-28', 'import', null, noonOf('2026-11-28')));
    expect(await applyDueHandovers(t.db, undefined, noonOf('2026-11-29'))).toEqual({ applied: 1, moved: 1, skipped: 1 });
    expect(await managerOf(s1!.id)).toBe(B().managerId);
    expect(await t.db.selectFrom('scheduledHandovers').select(['movedShops', 'skippedShops']).where('effectiveOn', '=', '2026-11-29').executeTakeFirstOrThrow()).toEqual({ movedShops: 1, skippedShops: 1 });
  });
});
