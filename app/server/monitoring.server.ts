/**
 * The staff monitoring page: every indicator per dimension value for a period with the previous period beside it,
 * and a 90-day trend. Reads only the daily roll-ups (refreshed first) and the small quality-issues and questions
 * tables (answer time, issue 19).
 */
import {
  COUNT_KEYS,
  INDICATOR_IDS,
  dayCount,
  defaultAnchor,
  dimensionValue,
  emptyCounts,
  indicatorValues,
  lastCompleteDay,
  reportingPeriods,
  trendWindow,
  type Counts,
  type Dimension,
  type IndicatorId,
  type IndicatorValues,
  type Period,
  type PeriodKind,
  type QualityCounts,
  type RetailerDimensions,
} from '~/domain/indicators';
import { sql } from 'kysely';
import { forecastLevels, type ForecastLevels } from '~/domain/forecast-accuracy';
import { addDays, daysInRange, shanghaiDayOf, shanghaiToInstant } from '~/domain/time';
import type { DB } from './db.server';
import { attributesOnDays } from './retailer-history.server';
import { serviceByDay, serviceByValue, emptyService, type ServiceCounts } from './questions.server';
import { refreshRollups } from './rollups.server';
import type { ScopeUser } from './scope.server';

export interface MonitoringQuery {
  dim: Dimension;
  period: PeriodKind;
  /**
   * Any day of the period; default the last complete period (a day: the latest complete day with order days).
   * Today or later reads as yesterday: today's day is unfinished.
   */
  day?: string;
  /** A value of `dim` whose trend to show beside the county's. */
  focus?: string;
}

export interface PeriodFigures {
  values: IndicatorValues;
  counts: Counts;
}

export interface Label {
  zh: string;
  en: string;
}

export interface MonitoringRow {
  value: string;
  /** Display name of a station or manager in both languages; null where the page translates the value itself. */
  label: Label | null;
  current: PeriodFigures;
  previous: PeriodFigures;
}

const emptyQuality = (): QualityCounts => ({ found: 0, fixedSameDay: 0, open: 0 });

interface Acc {
  sum: Counts;
  closing: Counts;
  quality: QualityCounts;
  service: ServiceCounts;
}
const emptyAcc = (): Acc => ({ sum: emptyCounts(), closing: emptyCounts(), quality: emptyQuality(), service: emptyService() });

function addInto(target: Counts, row: Record<string, unknown>) {
  for (const k of COUNT_KEYS) target[k] += Number(row[k] ?? 0);
}

function figures(acc: Acc, p: Pick<Period, 'from' | 'to'> | null): PeriodFigures {
  return { values: indicatorValues({ ...acc, days: p ? dayCount(p) : 0 }), counts: acc.sum };
}

/**
 * Staff only: the roll-ups are county-wide. Brings them up to date first, unless told the caller has (the staff
 * page leaves a long refresh to a job: keepRollupsFresh in jobs.server.ts).
 */
export async function monitoringPage(db: DB, user: ScopeUser, query: MonitoringQuery, now = new Date(), options: { refresh?: boolean } = {}) {
  if (user.role !== 'staff') return null;
  const today = shanghaiDayOf(now);
  if (options.refresh !== false) await refreshRollups(db, today);
  const anchor = query.day ?? defaultAnchor(query.period, today, query.period === 'day' ? await lastOrderDay(db, today) : null);
  const { full, current, previous, running } = reportingPeriods(query.period, anchor, today);
  const trend = trendWindow(today);

  const [{ rows, cur, prev }, trendRows] = await Promise.all([
    breakdownOf(db, query.dim, current, previous, now),
    trendCounts(db, query.dim === 'county' ? 'all' : query.focus ? query.focus : null, query.dim, trend),
  ]);
  const total = (m: Map<string, Acc>) => {
    const acc = emptyAcc();
    for (const a of m.values()) {
      for (const k of COUNT_KEYS) {
        acc.sum[k] += a.sum[k];
        acc.closing[k] += a.closing[k];
      }
      acc.quality.found += a.quality.found;
      acc.quality.fixedSameDay += a.quality.fixedSameDay;
      acc.quality.open += a.quality.open;
      acc.service.answered += a.service.answered;
      acc.service.answerMinutes += a.service.answerMinutes;
    }
    return acc;
  };

  const [stats, cycle, forecastCurrent, forecastPrevious] = await Promise.all([
    db
      .selectFrom('retailers')
      .select((eb) => [eb.fn.countAll<number>().as('active'), eb.fn.sum<number>('isOnline').as('online')])
      .where('active', '=', 1)
      .executeTakeFirstOrThrow(),
    db.selectFrom('orderCycles').select('code').where('startsOn', '<=', today).where('endsOn', '>=', today).executeTakeFirst(),
    countyForecastLevels(db, current),
    countyForecastLevels(db, previous),
  ]);

  return {
    today,
    dim: query.dim,
    /** What is measured (complete days only) … */
    period: current,
    /** …of this whole period; `running` when it has days still to come (figures to date). */
    fullPeriod: full,
    running,
    /** The period before, as many days as `period` (like with like). */
    previous,
    cycleCode: cycle?.code ?? null,
    retailersActive: Number(stats.active),
    retailersOnline: Number(stats.online ?? 0),
    rows,
    total: { current: figures(total(cur), current), previous: figures(total(prev), previous) },
    /** 预测准确率 of the county at the level the table measures (shop × spec × week) and the levels it is judged on. */
    forecastLevels: { current: forecastCurrent, previous: forecastPrevious },
    trend: trendRows,
  };
}

/**
 * One breakdown's rows for a period and the one before (roll-ups, names, data quality): what the page's table shows,
 * without the trend, the forecast levels and the county's counts the page adds around it.
 */
async function breakdownOf(db: DB, dim: Dimension, current: Period, previous: Period, now: Date) {
  const [rollups, labels, quality, [serviceCurrent, servicePrevious]] = await Promise.all([
    db.selectFrom('monitoringRollups').selectAll().where('dim', '=', dim).where('day', '>=', previous.from).where('day', '<=', current.to).execute(),
    dimensionLabels(db, dim),
    qualityByValue(db, dim, previous, current, now),
    // Answer time (issue 19): questions answered in each period, under the shop's dimensions when it asked.
    serviceByValue(db, dim, [current, previous]),
  ]);
  const cur = new Map<string, Acc>();
  const prev = new Map<string, Acc>();
  for (const r of rollups) {
    const day = String(r.day);
    const target = day >= current.from ? cur : prev;
    const p = day >= current.from ? current : previous;
    let acc = target.get(r.dimValue);
    if (!acc) target.set(r.dimValue, (acc = emptyAcc()));
    if (day > p.to) continue;
    addInto(acc.sum, r);
    if (day === p.to) addInto(acc.closing, r);
  }
  for (const [value, q] of quality.current) {
    if (!cur.has(value)) cur.set(value, emptyAcc());
    cur.get(value)!.quality = q;
  }
  for (const [value, q] of quality.previous) {
    if (!prev.has(value)) prev.set(value, emptyAcc());
    prev.get(value)!.quality = q;
  }
  for (const [map, service] of [
    [cur, serviceCurrent!],
    [prev, servicePrevious!],
  ] as const) {
    for (const [value, s] of service) {
      if (!map.has(value)) map.set(value, emptyAcc());
      map.get(value)!.service = s;
    }
  }
  const values = [...new Set([...cur.keys(), ...prev.keys(), ...labels.keys()])].sort(compareValues(dim));
  const rows: MonitoringRow[] = values.map((value) => ({
    value,
    label: labels.get(value) ?? null,
    current: figures(cur.get(value) ?? emptyAcc(), current),
    previous: figures(prev.get(value) ?? emptyAcc(), previous),
  }));
  return { rows, cur, prev };
}

/**
 * A breakdown's table alone for the period of `day` (the rankings' reads: stations and managers, and a year
 * earlier): the page's rows computed the same way, from roll-ups already brought up to date by the page.
 */
export async function monitoringBreakdown(db: DB, user: ScopeUser, query: { dim: Dimension; period: PeriodKind; day: string }, now = new Date()) {
  if (user.role !== 'staff') return null;
  const { current, previous } = reportingPeriods(query.period, query.day, shanghaiDayOf(now));
  const { rows } = await breakdownOf(db, query.dim, current, previous, now);
  return { dim: query.dim, period: current, previous, rows };
}

/** The county's daily line over the trend window (what the page shows when nothing is focused). */
export async function countyTrend(db: DB, user: ScopeUser, now = new Date()) {
  if (user.role !== 'staff') return null;
  return trendCounts(db, null, 'county', trendWindow(shanghaiDayOf(now)));
}

export type MonitoringBreakdown = NonNullable<Awaited<ReturnType<typeof monitoringBreakdown>>>;

/** The county's measured forecasts of the order days in a period, at each level (app/domain/forecast-accuracy.ts). */
async function countyForecastLevels(db: DB, p: Pick<Period, 'from' | 'to'>): Promise<ForecastLevels> {
  const rows = await db
    .selectFrom('forecastMeasures as m')
    .innerJoin('retailers as r', 'r.id', 'm.retailerId')
    .select((eb) => [
      'm.cycleId',
      'm.specId',
      'm.offered',
      eb.fn.sum<number>('m.forecastPacks').as('forecastPacks'),
      eb.fn.sum<number>('m.actualPacks').as('actualPacks'),
      sql<number>`sum(abs(${eb.ref('m.forecastPacks')} - ${eb.ref('m.actualPacks')}))`.as('absErrorPacks'),
    ])
    // As the roll-ups count them: active shops, order days in the period.
    .where('r.active', '=', 1)
    .where('m.orderDay', '>=', p.from)
    .where('m.orderDay', '<=', p.to)
    .groupBy(['m.cycleId', 'm.specId', 'm.offered'])
    .execute();
  return forecastLevels(
    rows.map((r) => ({
      cycleId: r.cycleId,
      specId: r.specId,
      offered: Number(r.offered) === 1,
      forecastPacks: Number(r.forecastPacks),
      actualPacks: Number(r.actualPacks),
      absErrorPacks: Number(r.absErrorPacks),
    })),
  );
}

/** The latest complete day on which orders were due (the county's order days; none on a day without). */
async function lastOrderDay(db: DB, today: string): Promise<string | null> {
  const row = await db
    .selectFrom('monitoringRollups')
    .select((eb) => eb.fn.max('day').as('day'))
    .where('dim', '=', 'county')
    .where('dimValue', '=', 'all')
    .where('dueOrder', '>', 0)
    .where('day', '<=', lastCompleteDay(today))
    .executeTakeFirst();
  return row?.day ? String(row.day) : null;
}

export type MonitoringPage = NonNullable<Awaited<ReturnType<typeof monitoringPage>>>;

export function compareValues(dim: Dimension) {
  return (a: string, b: string) => (dim === 'grade' || dim === 'station' || dim === 'manager' ? Number(a) - Number(b) : a.localeCompare(b));
}

/** Names of stations and managers (other dimensions are translated by the page). */
export async function dimensionLabels(db: DB, dim: Dimension): Promise<Map<string, Label>> {
  if (dim === 'station') {
    const rows = await db.selectFrom('stations').select(['id', 'nameZh', 'nameEn']).execute();
    return new Map(rows.map((r) => [String(r.id), { zh: r.nameZh, en: r.nameEn }]));
  }
  if (dim === 'manager') {
    const rows = await db.selectFrom('accountManagers').select(['id', 'code', 'name']).execute();
    return new Map(rows.map((r) => [String(r.id), { zh: `${r.name}（${r.code}）`, en: `${r.name} (${r.code})` }]));
  }
  return new Map();
}

const RETAILER_DIMS = ['retailers.stationId', 'retailers.managerId', 'retailers.businessType', 'retailers.marketType', 'retailers.grade'] as const;

/** Issue rows with what their shop was on a day (retailer-history.server.ts): each counts under the shop's values then. */
async function issueAttributes<R extends RetailerDimensions & { retailerId: number }>(db: DB, rows: readonly R[]) {
  const on = await attributesOnDays(db, [...new Set(rows.map((r) => r.retailerId))]);
  return (r: R, day: string) => on(r.retailerId, day, r);
}

/**
 * Data-quality figures, read live from quality_issues (small: one row per finding; fixes happen outside the
 * writers that keep the roll-ups fresh): issues found in each period and fixed the same Asia/Shanghai day,
 * and issues open at the end of each period (for the running period: now). An issue counts under what its shop
 * was on the day it counts: found on its day, open on the period's last day (or today).
 */
async function qualityByValue(db: DB, dim: Dimension, previous: Period, current: Period, now: Date) {
  const since = shanghaiToInstant(previous.from);
  const rows = await db
    .selectFrom('qualityIssues')
    .innerJoin('retailers', 'retailers.id', 'qualityIssues.retailerId')
    .select(['qualityIssues.retailerId', 'qualityIssues.foundAt', 'qualityIssues.resolvedAt', 'qualityIssues.status', ...RETAILER_DIMS])
    .where((eb) => eb.or([eb('qualityIssues.foundAt', '>=', since), eb('qualityIssues.status', '=', 'open'), eb('qualityIssues.resolvedAt', '>=', since)]))
    .execute();
  const result = { current: new Map<string, QualityCounts>(), previous: new Map<string, QualityCounts>() };
  const endOf = (p: Period) => {
    const end = shanghaiToInstant(addDays(p.to, 1));
    return end < now.toISOString() ? { end, day: p.to } : { end: now.toISOString(), day: shanghaiDayOf(now) };
  };
  const periods = [
    [current, result.current, endOf(current)],
    [previous, result.previous, endOf(previous)],
  ] as const;
  const on = await issueAttributes(db, rows);
  for (const r of rows) {
    const foundAt = String(r.foundAt);
    const resolvedAt = r.resolvedAt ? String(r.resolvedAt) : null;
    const foundDay = shanghaiDayOf(foundAt);
    for (const [p, map, { end, day }] of periods) {
      const touch = (on_: string) => {
        const value = dimensionValue(dim, on(r, on_));
        if (!map.has(value)) map.set(value, emptyQuality());
        return map.get(value)!;
      };
      if (foundDay >= p.from && foundDay <= p.to) {
        touch(foundDay).found += 1;
        if (resolvedAt && r.status !== 'open' && shanghaiDayOf(resolvedAt) === foundDay) touch(foundDay).fixedSameDay += 1;
      }
      if (foundAt < end && (resolvedAt === null ? r.status === 'open' : resolvedAt >= end)) touch(day).open += 1;
    }
  }
  return result;
}

/** Daily counts of the county (or one value of the dimension) over the trend window, and the indicators per day. */
async function trendCounts(db: DB, focus: string | null, dim: Dimension, window: { from: string; to: string }) {
  const focusDim: Dimension = focus === null || focus === 'all' ? 'county' : dim;
  const focusValue = focusDim === 'county' ? 'all' : focus!;
  const [rows, issues, service] = await Promise.all([
    db.selectFrom('monitoringRollups').selectAll().where('dim', '=', focusDim).where('dimValue', '=', focusValue).where('day', '>=', window.from).where('day', '<=', window.to).execute(),
    db
      .selectFrom('qualityIssues')
      .innerJoin('retailers', 'retailers.id', 'qualityIssues.retailerId')
      .select(['qualityIssues.retailerId', 'qualityIssues.foundAt', 'qualityIssues.resolvedAt', 'qualityIssues.status', ...RETAILER_DIMS])
      .where('qualityIssues.foundAt', '>=', shanghaiToInstant(window.from))
      .execute(),
    serviceByDay(db, focusDim, focusValue, window),
  ]);
  const on = await issueAttributes(db, issues);
  const byDay = new Map(rows.map((r) => [String(r.day), r]));
  const qualityByDay = new Map<string, QualityCounts>();
  for (const i of issues) {
    const day = shanghaiDayOf(String(i.foundAt));
    if (dimensionValue(focusDim, on(i, day)) !== focusValue) continue;
    const q = qualityByDay.get(day) ?? emptyQuality();
    q.found += 1;
    if (i.resolvedAt && i.status !== 'open' && shanghaiDayOf(String(i.resolvedAt)) === day) q.fixedSameDay += 1;
    qualityByDay.set(day, q);
  }
  const days = daysInRange(window.from, window.to);
  const series = Object.fromEntries(INDICATOR_IDS.map((id) => [id, [] as Array<number | null>])) as Record<IndicatorId, Array<number | null>>;
  for (const day of days) {
    const c = emptyCounts();
    const r = byDay.get(day);
    if (r) addInto(c, r);
    const v = indicatorValues({ sum: c, closing: c, days: 1, quality: qualityByDay.get(day) ?? emptyQuality(), service: service.get(day) ?? emptyService() });
    // Open issues are a level now, not a daily figure: the trend shows issues found per day instead.
    v.openIssues = qualityByDay.get(day)?.found ?? 0;
    for (const id of INDICATOR_IDS) series[id].push(v[id]);
  }
  return { focus: focusDim === 'county' ? 'all' : focusValue, days, series };
}
