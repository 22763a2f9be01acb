/**
 * "Where to look, at a glance" (issue 17, item 5): what the monitoring page shows beside its table — stations and
 * managers ranked with 环比 and 同比, their bars beside the county line, and the sales structure (一类烟占比,
 * 单条均价) by price class, brand, spec, station and station × 业态.
 *
 * Figures are never computed here a second way: rankings read `monitoringBreakdown` — the page's table rows, computed
 * by the same code from the roll-ups, without the trend and forecast work the page adds — for the same period with
 * another breakdown or a year earlier; the structure reads order lines, which no roll-up holds.
 */
import { isZero, SUCCESS_STATUSES, type IndicatorValues, type Period } from '~/domain/indicators';
import { yearAgoRange } from '~/domain/indicators/comparisons';
import { structureBy, structureOf, type StructureFigures, type StructureLine } from '~/domain/indicators/structure';
import { addDays } from '~/domain/time';
import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../../db/schema';
import type { DB } from './db.server';
import { attributesOnDays, changedSince } from './retailer-history.server';
import { countyTrend, monitoringBreakdown, type Label, type MonitoringBreakdown, type MonitoringPage, type MonitoringQuery } from './monitoring.server';
import type { ScopeUser } from './scope.server';

export interface RankedValue {
  value: string;
  label: Label | null;
  current: IndicatorValues;
  previous: IndicatorValues;
  /** The same period a year earlier; null where the roll-ups hold nothing for it (not available). */
  yearAgo: IndicatorValues | null;
}

export interface Rankings {
  /** The year-ago period compared with, or null when no figures exist for it. */
  yearAgo: { from: string; to: string } | null;
  station: RankedValue[];
  manager: RankedValue[];
  /** The county's daily line over the trend window (for the charts beside a focused value). */
  countyTrend: MonitoringPage['trend'];
}

type RankDim = 'station' | 'manager';

/**
 * Stations and managers for the period `page` shows, with the previous period and the year-ago one. Reuses the
 * page's own rows where its breakdown is one of them; a year-ago read only when that year has any figures.
 */
export async function monitoringRankings(db: DB, user: ScopeUser, query: MonitoringQuery, page: MonitoringPage, now = new Date()): Promise<Rankings | null> {
  if (user.role !== 'staff') return null;
  // The table of a breakdown only (no trend, forecast levels or county counts: the page has them).
  const read = (dim: RankDim, day: string) => monitoringBreakdown(db, user, { dim, period: query.period, day }, now);
  const sameQuery = (dim: RankDim) => page.dim === dim && (query.focus === undefined || query.focus === 'all');
  const yearAgo = yearAgoRange(page.period.kind, page.period);
  const hasYearAgo = await hasFigures(db, yearAgo);
  const [station, manager, stationYa, managerYa, trend] = await Promise.all([
    sameQuery('station') ? page : read('station', page.period.to),
    sameQuery('manager') ? page : read('manager', page.period.to),
    hasYearAgo ? read('station', yearAgo.from) : null,
    hasYearAgo ? read('manager', yearAgo.from) : null,
    // The page's own line is the county's unless a value is focused.
    page.trend.focus === 'all' ? page.trend : countyTrend(db, user, now),
  ]);
  if (!station || !manager || !trend) return null;
  return {
    yearAgo: hasYearAgo && stationYa ? { from: stationYa.period.from, to: stationYa.period.to } : null,
    station: ranked(station, stationYa),
    manager: ranked(manager, managerYa),
    countyTrend: trend,
  };
}

function ranked(page: Pick<MonitoringBreakdown, 'rows'>, yearAgo: MonitoringBreakdown | null | undefined): RankedValue[] {
  const ya = new Map((yearAgo?.rows ?? []).map((r) => [r.value, r]));
  return page.rows.map((r) => {
    const y = ya.get(r.value);
    return {
      value: r.value,
      label: r.label,
      current: r.current.values,
      previous: r.previous.values,
      yearAgo: y && !isZero(y.current.counts) ? y.current.values : null,
    };
  });
}

/** Whether the county's roll-ups hold anything for these days (the demo county has 16 weeks, not a year). */
async function hasFigures(db: DB, range: { from: string; to: string }): Promise<boolean> {
  const row = await db.selectFrom('monitoringRollups').select('day').where('dim', '=', 'county').where('day', '>=', range.from).where('day', '<=', range.to).limit(1).executeTakeFirst();
  return row !== undefined;
}

export interface StructureGroup {
  key: string;
  label: Label | null;
  figures: StructureFigures;
}

export interface StructureBreakdowns {
  period: { from: string; to: string };
  total: StructureFigures;
  byPriceClass: StructureGroup[];
  byBrand: StructureGroup[];
  bySpec: StructureGroup[];
  byStation: StructureGroup[];
  /** station × 业态: one cell per pair that sold anything. */
  stationBusinessType: Array<{ station: string; businessType: string; figures: StructureFigures }>;
  businessTypes: string[];
}

interface Row extends StructureLine {
  stationId: number;
  businessType: string;
  specId: number;
}

/**
 * The structure of what the shops were sold in a period (app/domain/indicators/structure.ts): order lines of
 * successful orders whose order day (the cycle's Monday + the shop's order weekday − 1, as the roll-ups date
 * them) falls in the period, summed per station, 业态 and spec in SQL, grouped further here.
 */
export async function structureBreakdowns(db: DB, user: ScopeUser, period: Pick<Period, 'from' | 'to'>): Promise<StructureBreakdowns | null> {
  if (user.role !== 'staff') return null;
  const cycles = await db
    .selectFrom('orderCycles')
    .select(['id', 'startsOn'])
    .where('startsOn', '<=', period.to)
    .where('endsOn', '>=', period.from)
    .execute();
  // Which order weekdays of each cycle fall in the period.
  const parts = cycles
    .map((c) => {
      const start = String(c.startsOn);
      const weekdays = [1, 2, 3, 4, 5, 6, 7].filter((w) => {
        const d = addDays(start, w - 1);
        return d >= period.from && d <= period.to;
      });
      return { id: c.id, weekdays, all: weekdays.length === 7 };
    })
    .filter((p) => p.weekdays.length > 0);

  // Shops that changed station or 业态 from the period on are summed per order day under what they were then
  // (retailer-history.server.ts); the others, in one grouped pass under what they are now.
  const changed = parts.length ? await changedSince(db, period.from) : [];
  const linesOf = () => {
    const cartons = (eb: ExpressionBuilder<Database, 'orderLines'>) => eb.fn.coalesce('orderLines.qtyAllocatedCartons', 'orderLines.qtyRequestedCartons');
    return db
      .selectFrom('orderLines')
      .innerJoin('orders', 'orders.id', 'orderLines.orderId')
      .innerJoin('retailers', 'retailers.id', 'orders.retailerId')
      .select((eb) => [
        'retailers.stationId',
        'retailers.businessType',
        'orderLines.specId',
        eb.fn.sum<number>(cartons(eb)).as('cartons'),
        eb.fn.sum<number>(eb(cartons(eb), '*', eb.ref('orderLines.unitPriceFen'))).as('amountFen'),
      ])
      .where('orders.status', 'in', [...SUCCESS_STATUSES])
      .where((eb) =>
        eb.or(parts.map((p) => (p.all ? eb('orders.cycleId', '=', p.id) : eb.and([eb('orders.cycleId', '=', p.id), eb('retailers.orderWeekday', 'in', p.weekdays)])))),
      )
      .groupBy(['retailers.stationId', 'retailers.businessType', 'orderLines.specId']);
  };
  const [unchanged, changedLines, specs, stations] = await Promise.all([
    parts.length === 0 ? Promise.resolve([]) : (changed.length ? linesOf().where('retailers.id', 'not in', changed) : linesOf()).execute(),
    changed.length === 0
      ? Promise.resolve([])
      : linesOf()
          .select(['orders.retailerId', 'orders.cycleId', 'retailers.orderWeekday', 'retailers.managerId', 'retailers.marketType', 'retailers.grade'])
          .where('retailers.id', 'in', changed)
          .groupBy(['orders.retailerId', 'orders.cycleId', 'retailers.orderWeekday', 'retailers.managerId', 'retailers.marketType', 'retailers.grade'])
          .execute(),
    db.selectFrom('specs').select(['id', 'code', 'name', 'brand', 'priceClass']).execute(),
    db.selectFrom('stations').select(['id', 'nameZh', 'nameEn']).execute(),
  ]);
  const startsOn = new Map(cycles.map((c) => [c.id, String(c.startsOn)]));
  const attributesOn = await attributesOnDays(db, changed);
  const sums = [
    ...unchanged,
    ...changedLines.map((l) => {
      const then = attributesOn(l.retailerId, addDays(startsOn.get(l.cycleId)!, l.orderWeekday - 1), l);
      return { ...l, stationId: then.stationId, businessType: then.businessType };
    }),
  ];
  const specById = new Map(specs.map((s) => [s.id, s]));
  const rows: Row[] = [];
  for (const s of sums) {
    const spec = specById.get(s.specId);
    const cartons = Number(s.cartons ?? 0);
    if (!spec || cartons === 0) continue;
    rows.push({ stationId: s.stationId, businessType: s.businessType, specId: s.specId, cartons, amountFen: Number(s.amountFen ?? 0), priceClass: spec.priceClass });
  }
  const stationLabel = new Map(stations.map((s) => [String(s.id), { zh: s.nameZh, en: s.nameEn }]));
  const groups = (key: (r: Row) => string, label: (k: string) => Label | null) => structureBy(rows, key).map((g) => ({ key: g.key, label: label(g.key), figures: g.figures }));
  const cross = structureBy(rows, (r) => `${r.stationId}|${r.businessType}`).map((g) => {
    const [station, businessType] = g.key.split('|') as [string, string];
    return { station, businessType, figures: g.figures };
  });
  return {
    period: { from: period.from, to: period.to },
    total: structureOf(rows),
    byPriceClass: groups((r) => String(r.priceClass), () => null).sort((a, b) => Number(a.key) - Number(b.key)),
    byBrand: groups((r) => specById.get(r.specId)!.brand, (k) => ({ zh: k, en: k })),
    bySpec: groups(
      (r) => String(r.specId),
      (k) => {
        const s = specById.get(Number(k))!;
        return { zh: `${s.name}（${s.code}）`, en: `${s.name} (${s.code})` };
      },
    ),
    byStation: groups((r) => String(r.stationId), (k) => stationLabel.get(k) ?? null).sort((a, b) => Number(a.key) - Number(b.key)),
    stationBusinessType: cross.sort((a, b) => Number(a.station) - Number(b.station) || a.businessType.localeCompare(b.businessType)),
    businessTypes: [...new Set(rows.map((r) => r.businessType))].sort(),
  };
}

