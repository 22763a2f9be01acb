/**
 * Issue 17, item 5 on both dialects: 考核目标 saved, read and cleared (and refused to non-staff, and by the route
 * with the field named); stations and managers ranked with the same figures the page's own breakdowns show, 同比
 * only where the year-ago period has figures; the sales structure (一类烟占比, 单条均价, by price class, station and
 * station × 业态) recomputed here from the raw order lines and the spec master data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUCCESS_STATUSES, type IndicatorId } from '~/domain/indicators';
import { rankBy, yearAgoRange } from '~/domain/indicators/comparisons';
import { addDays } from '~/domain/time';
import { action as targetsAction } from '~/routes/staff.targets';
import { clearIndicatorTarget, indicatorTargets, saveIndicatorTarget } from '~/server/indicator-targets.server';
import { monitoringRankings, structureBreakdowns } from '~/server/monitoring-insights.server';
import { monitoringPage } from '~/server/monitoring.server';
import { seedDemo } from '~/server/seed.server';
import { startSession } from '~/server/session.server';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { routeArgs } from '../support/route-args';

const TODAY = '2026-11-23';
const NOW = new Date('2026-11-23T04:00:00.000Z');
const DAY = '2026-11-11';
const OPTIONS = { retailers: 40, specs: 30, weeks: 4, seed: 7, today: TODAY };
/** Figures read from the roll-ups alone (the quality ones are read live, so a copied year has none). */
const ROLLUP_IDS: IndicatorId[] = ['uploadRate', 'orderSuccess', 'notOrdered', 'fulfilment', 'capFill', 'suggestionMatch', 'scarceCoverage'];

describe.skipIf(postgresSkipped())('monitoring targets, rankings and structure', () => {
  let t: TestDb;
  let staff: { userId: number; role: 'staff' };
  let manager: { userId: number; role: 'manager' };
  beforeAll(async () => {
    t = await useTestDb();
    await seedDemo(t.db, OPTIONS, { passwordHash: 'x' });
    const s = await t.db.selectFrom('users').select('id').where('role', '=', 'staff').orderBy('id').executeTakeFirstOrThrow();
    const m = await t.db.selectFrom('users').select('id').where('role', '=', 'manager').orderBy('id').executeTakeFirstOrThrow();
    staff = { userId: s.id, role: 'staff' };
    manager = { userId: m.id, role: 'manager' };
  }, 120_000);
  afterAll(() => t?.close());

  it('targets are saved in the unit shown, read back in the indicator’s unit, replaced and cleared', async () => {
    expect(await indicatorTargets(t.db, staff)).toEqual({});
    expect(await saveIndicatorTarget(t.db, staff, { indicator: 'uploadRate', targetShown: 95.5, direction: 'atLeast', amberShown: null }, NOW)).toEqual({ ok: true });
    expect(await saveIndicatorTarget(t.db, staff, { indicator: 'notOrdered', targetShown: 3, direction: 'atMost', amberShown: 1 }, NOW)).toEqual({ ok: true });
    let targets = await indicatorTargets(t.db, staff);
    expect(targets.uploadRate).toMatchObject({ indicator: 'uploadRate', direction: 'atLeast', amberMargin: null });
    expect(targets.uploadRate!.target).toBeCloseTo(0.955, 10);
    expect(targets.notOrdered).toMatchObject({ target: 3, direction: 'atMost', amberMargin: 1 });
    // Saving again replaces.
    await saveIndicatorTarget(t.db, staff, { indicator: 'uploadRate', targetShown: 90, direction: 'atLeast', amberShown: 2 }, NOW);
    targets = await indicatorTargets(t.db, staff);
    expect(targets.uploadRate!.target).toBeCloseTo(0.9, 10);
    expect(targets.uploadRate!.amberMargin).toBeCloseTo(0.02, 10);
    expect(await t.db.selectFrom('indicatorTargets').select('indicator').execute()).toHaveLength(2);
    // Not staff: nothing to read, nothing written.
    expect(await indicatorTargets(t.db, manager)).toEqual({});
    expect(await saveIndicatorTarget(t.db, manager, { indicator: 'fulfilment', targetShown: 90, direction: 'atLeast', amberShown: null })).toEqual({ ok: false, reason: 'forbidden' });
    expect(await clearIndicatorTarget(t.db, staff, 'notOrdered')).toEqual({ ok: true });
    expect(await clearIndicatorTarget(t.db, staff, 'notOrdered')).toEqual({ ok: false, reason: 'not_found' });
    expect(Object.keys(await indicatorTargets(t.db, staff))).toEqual(['uploadRate']);
  });

  it('the targets route answers a wrong field with its name’s code, and saves a right one', async () => {
    const cookie = (await startSession(t.db, new Request('http://localhost/'), staff.userId)).split(';')[0]!;
    const post = (fields: Record<string, string>) =>
      targetsAction(routeArgs(t.db, new Request('http://localhost/staff/targets', { method: 'POST', headers: { Cookie: cookie }, body: new URLSearchParams(fields) })));
    const bad = (await post({ intent: 'save', indicator: 'fulfilment', target: '150', direction: 'atLeast' })) as unknown as { init: { status: number }; data: { result: { error: Record<string, string[]> } } };
    expect(bad.init.status).toBe(400);
    expect(bad.data.result.error.target).toEqual(['out_of_range']);
    await post({ intent: 'save', indicator: 'fulfilment', target: '92', direction: 'atLeast', amber: '' });
    expect((await indicatorTargets(t.db, staff)).fulfilment!.target).toBeCloseTo(0.92, 10);
  });

  it('stations and managers are ranked with the figures of the page’s own breakdowns; 同比 only where last year has figures', async () => {
    const query = { dim: 'county' as const, period: 'week' as const, day: DAY };
    const page = (await monitoringPage(t.db, staff, query, NOW, { refresh: false }))!;
    const rankings = (await monitoringRankings(t.db, staff, query, page, NOW))!;
    expect(rankings.yearAgo).toBeNull();
    for (const dim of ['station', 'manager'] as const) {
      const own = (await monitoringPage(t.db, staff, { dim, period: 'week', day: DAY }, NOW, { refresh: false }))!;
      expect(rankings[dim].map((r) => r.value)).toEqual(own.rows.map((r) => r.value));
      expect(rankings[dim].map((r) => r.current)).toEqual(own.rows.map((r) => r.current.values));
      expect(rankings[dim].map((r) => r.previous)).toEqual(own.rows.map((r) => r.previous.values));
      expect(rankings[dim].every((r) => r.yearAgo === null)).toBe(true);
    }
    expect(rankings.manager.length).toBeGreaterThan(1);
    // Best first: each station's upload rate at least the next one's.
    const ranked = rankBy(rankings.station, (r) => r.current.uploadRate, 'atLeast');
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1]!.item.current.uploadRate!).toBeGreaterThanOrEqual(ranked[i]!.item.current.uploadRate!);
    // The county's line beside the bars, also when the page focuses one station (whose own line the page shows).
    expect(rankings.countyTrend).toEqual(page.trend);
    const focused = { dim: 'station' as const, period: 'week' as const, day: DAY, focus: rankings.station[0]!.value };
    const focusedPage = (await monitoringPage(t.db, staff, focused, NOW, { refresh: false }))!;
    expect(focusedPage.trend.focus).toBe(focused.focus);
    const focusedRankings = (await monitoringRankings(t.db, staff, focused, focusedPage, NOW))!;
    expect(focusedRankings.countyTrend).toEqual(page.trend);
    expect(focusedRankings.station).toEqual(rankings.station);

    // The same week a year earlier gets the roll-ups of this one (as if the county had a year of history): 同比 appears
    // and compares like with like.
    const ya = yearAgoRange('week', page.period);
    const rows = await t.db.selectFrom('monitoringRollups').selectAll().where('day', '>=', page.period.from).where('day', '<=', page.period.to).execute();
    await t.db
      .insertInto('monitoringRollups')
      .values(rows.map((r) => ({ ...r, day: addDays(String(r.day), -364) })))
      .execute();
    const again = (await monitoringRankings(t.db, staff, query, page, NOW))!;
    expect(again.yearAgo).toEqual(ya);
    for (const dim of ['station', 'manager'] as const) {
      for (const r of again[dim]) {
        expect(r.yearAgo, `${dim} ${r.value}`).not.toBeNull();
        for (const id of ROLLUP_IDS) expect(r.yearAgo![id], `${dim} ${r.value} ${id}`).toEqual(r.current[id]);
      }
    }
    await t.db.deleteFrom('monitoringRollups').where('day', '>=', ya.from).where('day', '<=', ya.to).execute();
  });

  /** 一类烟占比 and 单条均价 straight from orders, lines, retailers, cycles and specs. */
  async function recomputeStructure(from: string, to: string) {
    const cycles = await t.db.selectFrom('orderCycles').selectAll().execute();
    const retailers = await t.db.selectFrom('retailers').selectAll().execute();
    const specs = await t.db.selectFrom('specs').selectAll().execute();
    const orders = await t.db.selectFrom('orders').selectAll().execute();
    const lines = await t.db.selectFrom('orderLines').selectAll().execute();
    const inPeriod = new Map<number, { stationId: number; businessType: string }>();
    for (const o of orders) {
      if (!(SUCCESS_STATUSES as readonly string[]).includes(o.status)) continue;
      const c = cycles.find((x) => x.id === o.cycleId)!;
      const r = retailers.find((x) => x.id === o.retailerId)!;
      const orderDay = addDays(String(c.startsOn), r.orderWeekday - 1);
      if (orderDay >= from && orderDay <= to) inPeriod.set(o.id, { stationId: r.stationId, businessType: r.businessType });
    }
    const sums = { cartons: 0, amountFen: 0, classOne: 0, byClass: new Map<number, number>(), byStation: new Map<string, number>(), cross: new Map<string, number>() };
    for (const l of lines) {
      const where = inPeriod.get(l.orderId);
      if (!where) continue;
      const cartons = l.qtyAllocatedCartons ?? l.qtyRequestedCartons;
      const spec = specs.find((s) => s.id === l.specId)!;
      sums.cartons += cartons;
      sums.amountFen += cartons * l.unitPriceFen;
      if (spec.priceClass === 1) sums.classOne += cartons;
      sums.byClass.set(spec.priceClass, (sums.byClass.get(spec.priceClass) ?? 0) + cartons);
      sums.byStation.set(String(where.stationId), (sums.byStation.get(String(where.stationId)) ?? 0) + cartons);
      const k = `${where.stationId}|${where.businessType}`;
      sums.cross.set(k, (sums.cross.get(k) ?? 0) + cartons);
    }
    return sums;
  }

  it.each([
    ['a day', DAY, DAY],
    ['a week', '2026-11-09', '2026-11-15'],
    ['a month', '2026-11-01', '2026-11-30'],
  ])('the sales structure of %s equals a recomputation from the order lines, and every breakdown adds up', async (_, from, to) => {
    const s = (await structureBreakdowns(t.db, staff, { from, to }))!;
    const raw = await recomputeStructure(from, to);
    expect(raw.cartons).toBeGreaterThan(0);
    expect(raw.classOne).toBeGreaterThan(0);
    expect(s.total.cartons).toBe(raw.cartons);
    expect(s.total.amountFen).toBe(raw.amountFen);
    expect(s.total.classOneShare).toBeCloseTo(raw.classOne / raw.cartons, 12);
    expect(s.total.avgPriceFenPerCarton).toBe(Math.round(raw.amountFen / raw.cartons));
    expect(Object.fromEntries(s.byPriceClass.map((g) => [Number(g.key), g.figures.cartons]))).toEqual(Object.fromEntries(raw.byClass));
    expect(Object.fromEntries(s.byStation.map((g) => [g.key, g.figures.cartons]))).toEqual(Object.fromEntries(raw.byStation));
    expect(Object.fromEntries(s.stationBusinessType.map((c) => [`${c.station}|${c.businessType}`, c.figures.cartons]))).toEqual(Object.fromEntries(raw.cross));
    for (const groups of [s.byBrand, s.bySpec, s.byPriceClass, s.byStation]) {
      expect(groups.reduce((a, g) => a + g.figures.cartons, 0)).toBe(s.total.cartons);
      expect(groups.reduce((a, g) => a + g.figures.amountFen, 0)).toBe(s.total.amountFen);
      expect(groups.reduce((a, g) => a + g.figures.classOneCartons, 0)).toBe(s.total.classOneCartons);
    }
    expect(s.byStation[0]!.label).not.toBeNull();
    expect(await structureBreakdowns(t.db, manager, { from, to })).toBeNull();
  });
});
