/**
 * Route hand-over (issue 17, item 7): staff move some or all of a manager's shops to another manager from a day;
 * the new manager sees them, the old one no longer does, and every by-manager figure of the days before stays with
 * the manager who had the shop then — after the hand-over, after a full recomputation and after a shop's refresh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drillDown } from '~/server/monitoring-drill.server';
import { markRollupsDirty, rebuildRollups, refreshRollups } from '~/server/rollups.server';
import { handOverShops, handoverManagers, handoverShops, recentHandovers } from '~/server/route-handover.server';
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

  it('refuses a day to come, a day too far back, the same manager, a shop not on the route and anyone but staff — writing nothing', async () => {
    const x = shopsOf(A())[0]!.id;
    const before = await state();
    const input = { fromManagerId: A().managerId, toManagerId: B().managerId, retailerIds: [x], effectiveOn: '2026-11-16' };
    expect(await handOverShops(t.db, staff(), { ...input, effectiveOn: '2026-11-21' }, NOW)).toEqual({ ok: false, reason: 'future_day' });
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
    });
    expect(await handoverShops(t.db, staff(), A().managerId)).toEqual([]);
    const split = (day: string): [number, number] => (day === TODAY ? [0, 4] : day < '2026-11-16' || day >= '2026-11-18' ? [2, 2] : [1, 3]);
    expect(await byManager()).toEqual(expected(split));
    for (const s of shopsOf(A())) expect(await retailerIsInScope(t.db, { userId: B().userId, role: 'manager' }, s.id)).toBe(true);
    const recent = await recentHandovers(t.db, staff());
    expect(recent.map((r) => [r.effectiveOn, r.fromCode, r.shops])[0]).toEqual([TODAY, expect.any(String), 2]);
  });
});
