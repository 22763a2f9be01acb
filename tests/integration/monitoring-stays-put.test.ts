/**
 * Issue 17, items 1–3: every figure adds up with its drill-down for a day, a week and a month; 配货匹配率 counts the
 * suggestions in force (computed by the shop's cut-off) and of the specs the shop did not order only those in its
 * draft; measuring a past week's forecast accuracy and a full refresh change nothing in a past period but the
 * accuracy itself (which then equals its county level's shop × spec × week figure); a shop imported today gets no
 * past days. Both dialects, on a small seeded county.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNT_KEYS, SUCCESS_STATUSES, type CountKey, type IndicatorId, type PeriodKind } from '~/domain/indicators';
import { cutoffOf } from '~/domain/cycle';
import { addDays, isoWeekday, shanghaiToInstant } from '~/domain/time';
import { QUIET, runRollups } from '~/server/job-kinds.server';
import { DRILL_COUNTS, drillDown } from '~/server/monitoring-drill.server';
import { monitoringPage } from '~/server/monitoring.server';
import { rebuildRollups } from '~/server/rollups.server';
import { seedDemo } from '~/server/seed.server';
import { measureCycle } from '~/server/suggestions/accuracy.server';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

const TODAY = '2026-11-23';
const NOW = new Date('2026-11-23T04:00:00.000Z');
const DAY = '2026-11-11';
const OPTIONS = { retailers: 40, specs: 30, weeks: 4, seed: 11, today: TODAY };
const PERIODS: PeriodKind[] = ['day', 'week', 'month'];
const FC_KEYS: CountKey[] = ['fcAbsErrorPacks', 'fcActualPacks'];

describe.skipIf(postgresSkipped())('monitoring figures add up and stay put', () => {
  let t: TestDb;
  let staff: { userId: number; role: 'staff' };
  let cycle: { id: number; startsOn: string; cutoffLocalTime: string };
  beforeAll(async () => {
    t = await useTestDb();
    await seedDemo(t.db, OPTIONS, { passwordHash: 'x' });
    const s = await t.db.selectFrom('users').select('id').where('username', '=', 'staff01').executeTakeFirstOrThrow();
    staff = { userId: s.id, role: 'staff' };
    const c = await t.db.selectFrom('orderCycles').select(['id', 'startsOn', 'cutoffLocalTime']).where('startsOn', '<=', DAY).where('endsOn', '>=', DAY).executeTakeFirstOrThrow();
    cycle = { ...c, startsOn: String(c.startsOn) };

    // Suggestions of DAY's cycle for every shop: one for a spec it ordered, and for specs it did not order one in its
    // draft (in force), one only offered (similar shops sell it) and one computed after its cut-off.
    const shops = await t.db.selectFrom('retailers').select(['id', 'orderWeekday']).where('active', '=', 1).execute();
    const specs = (await t.db.selectFrom('specs').select('id').orderBy('id').execute()).map((x) => x.id);
    const rows = [];
    for (const shop of shops) {
      const cutoff = cutoffOf(cycle, shop.orderWeekday);
      const before = new Date(Date.parse(cutoff) - 3 * 86_400_000).toISOString();
      const after = new Date(Date.parse(cutoff) + 86_400_000).toISOString();
      const ordered = await t.db
        .selectFrom('orderLines')
        .innerJoin('orders', 'orders.id', 'orderLines.orderId')
        .select('orderLines.specId')
        .where('orders.retailerId', '=', shop.id)
        .where('orders.cycleId', '=', cycle.id)
        .execute();
      const orderedIds = new Set(ordered.map((o) => o.specId));
      const notOrdered = specs.filter((id) => !orderedIds.has(id));
      const row = (specId: number, cartons: number, computedAt: string, offered: boolean) => ({
        cycleId: cycle.id,
        retailerId: shop.id,
        specId,
        suggestedCartons: cartons,
        forecastDailyPacks: 1.5,
        explanationJson: JSON.stringify({ notes: offered ? ['common_in_peer_group'] : [] }),
        settingsVersion: 1,
        computedAt,
        reason: null,
      });
      if (ordered[0]) rows.push(row(ordered[0].specId, 1, before, false));
      rows.push(row(notOrdered[0]!, 2, before, false), row(notOrdered[1]!, 3, before, true), row(notOrdered[2]!, 5, after, false));
    }
    await t.db.insertInto('suggestions').values(rows).execute();
    // Issues of data quality: one open since before DAY, one fixed before DAY ended, one found after it.
    const anyShop = shops[0]!.id;
    const issue = (key: string, foundAt: string, status: 'open' | 'fixed', resolvedAt: string | null) => ({
      retailerId: anyShop,
      issueKey: key,
      kind: 'outlier_day',
      specId: null,
      day: DAY,
      detailJson: '{}',
      status,
      foundAt,
      resolvedAt,
      resolvedByUserId: null,
      resolutionNote: null,
    });
    await t.db
      .insertInto('qualityIssues')
      .values([
        issue('a', shanghaiToInstant(addDays(DAY, -2), '09:00:00'), 'open', null),
        issue('b', shanghaiToInstant(addDays(DAY, -1), '09:00:00'), 'fixed', shanghaiToInstant(DAY, '10:00:00')),
        issue('c', shanghaiToInstant(addDays(DAY, 3), '09:00:00'), 'open', null),
      ])
      .execute();
    await rebuildRollups(t.db, addDays(TODAY, -7 * OPTIONS.weeks - 7), TODAY);
  }, 180_000);
  afterAll(() => t?.close());

  it('配货匹配率 counts the suggestions in force, and of the specs not ordered only those in the draft', async () => {
    const page = (await monitoringPage(t.db, staff, { dim: 'county', period: 'day', day: DAY }, NOW))!;
    const due = await t.db.selectFrom('retailers').select(['id', 'orderWeekday']).where('active', '=', 1).where('orderWeekday', '=', isoWeekday(DAY)).execute();
    let diff = 0;
    let base = 0;
    for (const shop of due) {
      const order = await t.db.selectFrom('orders').select(['id', 'status']).where('retailerId', '=', shop.id).where('cycleId', '=', cycle.id).executeTakeFirst();
      if (!order || !(SUCCESS_STATUSES as readonly string[]).includes(order.status)) continue;
      const lines = await t.db.selectFrom('orderLines').selectAll().where('orderId', '=', order.id).execute();
      for (const l of lines) {
        diff += Math.abs(l.qtyRequestedCartons - (l.suggestedCartons ?? 0));
        base += l.suggestedCartons ?? 0;
      }
      // Only the 2-carton draft suggestion counts: not the offered 3, not the late 5.
      diff += 2;
      base += 2;
    }
    expect(base).toBeGreaterThan(0);
    expect(page.total.current.counts.matchAbsDiffCartons).toBe(diff);
    expect(page.total.current.counts.matchSuggestedCartons).toBe(base);
  });

  it('every drill-down adds up to its figure, for a day, a week and a month, by station and for the county', async () => {
    for (const period of PERIODS) {
      for (const dim of ['county', 'station'] as const) {
        const page = (await monitoringPage(t.db, staff, { dim, period, day: DAY }, NOW))!;
        for (const row of page.rows) {
          const q = { dim, value: row.value, from: page.period.from, to: page.period.to };
          for (const [id, keys] of Object.entries(DRILL_COUNTS)) {
            const list = await drillDown(t.db, staff, { indicator: id as IndicatorId, ...q }, NOW);
            const label = `${period} ${dim} ${row.value} ${id}`;
            expect(list.reduce((n, r) => n + r.denominator, 0), label).toBe(row.current.counts[keys.denominator]);
            // Stock is a level: its numerator is the closing day's, not a sum (checked by the day figures).
            if (keys.numerator !== 'stockPacks') expect(list.reduce((n, r) => n + r.numerator, 0), label).toBe(row.current.counts[keys.numerator]);
          }
          const open = await drillDown(t.db, staff, { indicator: 'openIssues', ...q }, NOW);
          expect(open.reduce((n, r) => n + r.numerator, 0), `${period} ${dim} openIssues`).toBe(row.current.values.openIssues);
        }
      }
    }
    // The day itself: issue a is open at its end, b was fixed that day, c came later.
    const day = (await monitoringPage(t.db, staff, { dim: 'county', period: 'day', day: DAY }, NOW))!;
    expect(day.total.current.values.openIssues).toBe(1);
  });

  it('measuring the week’s forecast accuracy and a full refresh change nothing in the past but the accuracy', async () => {
    const snapshot = async () => {
      const out: Record<string, Record<CountKey, number>> = {};
      for (const period of PERIODS) {
        for (const anchor of [DAY, addDays(DAY, -7), addDays(DAY, -30)]) {
          for (const dim of ['county', 'manager'] as const) {
            const page = (await monitoringPage(t.db, staff, { dim, period, day: anchor }, NOW))!;
            for (const r of page.rows) out[`${period}:${anchor}:${dim}:${r.value}`] = r.current.counts;
          }
        }
      }
      return out;
    };
    const withoutForecast = (s: Record<string, Record<CountKey, number>>) =>
      Object.fromEntries(Object.entries(s).map(([k, c]) => [k, COUNT_KEYS.filter((x) => !FC_KEYS.includes(x)).map((x) => c[x])]));
    const suggestions = () => t.db.selectFrom('suggestions').selectAll().orderBy('cycleId').orderBy('retailerId').orderBy('specId').execute();

    const before = await snapshot();
    const suggestionsBefore = await suggestions();
    const measured = await measureCycle(t.db, staff, cycle.id, NOW);
    expect(measured).not.toBeNull();
    // No suggestion of that week was created or replaced.
    expect(await suggestions()).toEqual(suggestionsBefore);
    const after = await snapshot();
    expect(withoutForecast(after)).toEqual(withoutForecast(before));
    // The accuracy reaches the page (the measure marked the shops), and its county level equals the table.
    const week = (await monitoringPage(t.db, staff, { dim: 'county', period: 'week', day: DAY }, NOW))!;
    expect(week.total.current.values.forecastAccuracy).not.toBeNull();
    expect(week.forecastLevels.current.shopSpecWeek).toBeCloseTo(week.total.current.values.forecastAccuracy!, 12);
    expect(week.forecastLevels.current.specCountyWeek).not.toBeNull();
    expect(week.forecastLevels.current.specCountyWeek!).toBeGreaterThanOrEqual(week.forecastLevels.current.shopSpecWeek!);

    // The documented full refresh: every past figure exactly as it was.
    await runRollups(t.db, { full: true }, QUIET, NOW);
    expect(await snapshot()).toEqual(after);
  });

  it('a shop imported today gets no past days from a full refresh', async () => {
    const template = await t.db.selectFrom('retailers').selectAll().where('active', '=', 1).where('isOnline', '=', 1).orderBy('id').executeTakeFirstOrThrow();
    const { id: _id, ...rest } = template;
    const created = await t.db
      .insertInto('retailers')
      .values({ ...rest, userId: null, licenceNo: '999999999901', name: 'new shop', createdAt: NOW.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const before = (await monitoringPage(t.db, staff, { dim: 'county', period: 'month', day: DAY }, NOW))!.total.current.counts;
    await runRollups(t.db, { full: true }, QUIET, NOW);
    const past = await t.db.selectFrom('monitoringRetailerDays').selectAll().where('retailerId', '=', created.id).where('day', '<', TODAY).execute();
    expect(past.filter((d) => d.dueUpload > 0 || d.dueOrder > 0 || d.emptyStreak > 0)).toEqual([]);
    expect((await monitoringPage(t.db, staff, { dim: 'county', period: 'month', day: DAY }, NOW))!.total.current.counts).toEqual(before);
  });

  it('a running period is its complete days beside as many days before; the trend ends yesterday', async () => {
    const month = (await monitoringPage(t.db, staff, { dim: 'county', period: 'month', day: TODAY }, NOW))!;
    expect(month.running).toBe(true);
    expect(month.period).toEqual({ kind: 'month', from: '2026-11-01', to: '2026-11-22' });
    expect(month.previous).toEqual({ kind: 'month', from: '2026-10-01', to: '2026-10-22' });
    expect(month.trend.days.at(-1)).toBe('2026-11-22');
    // By default a complete day with order days (Sunday 22 November has none in the seeded county, or is it).
    const dflt = (await monitoringPage(t.db, staff, { dim: 'county', period: 'day' }, NOW))!;
    expect(dflt.running).toBe(false);
    expect(dflt.total.current.counts.dueOrder).toBeGreaterThan(0);
    expect(dflt.period.to <= '2026-11-22').toBe(true);
  });
});
