/**
 * Drill-downs: the retailers behind one figure of the monitoring page (an indicator, a dimension value, a
 * period), with their manager, phone and the numbers that count them — read from the retailer-day roll-ups,
 * so the list adds up to the figure. The not-ordered list is per order day, with the order's state and the
 * number of empty cycles in a row.
 */
import { sql } from 'kysely';
import { snakeCase } from '../../db/bulk-insert';
import { dimensionValue, type Counts, type Dimension, type IndicatorId } from '~/domain/indicators';
import type { DrillShop } from '~/domain/indicators/drill-shop';
import { addDays, isoWeekday, shanghaiDayOf, shanghaiToInstant } from '~/domain/time';
import type { DB } from './db.server';
import { attributeOnDaySql, attributesOnDays, dimSqlValue, mayHaveHadSql } from './retailer-history.server';
import { refreshRollups } from './rollups.server';
import { retailerInScope, type ScopeUser } from './scope.server';

export interface DrillQuery {
  indicator: IndicatorId;
  dim: Dimension;
  value: string;
  from: string;
  to: string;
}

/** For each indicator: the count that is its numerator and the one that puts a retailer in its denominator. */
export const DRILL_COUNTS: Record<Exclude<IndicatorId, 'openIssues' | 'sameDayFixRate' | 'notOrdered' | 'answerHours'>, { numerator: keyof Counts; denominator: keyof Counts }> = {
  uploadRate: { numerator: 'uploaded', denominator: 'dueUpload' },
  orderSuccess: { numerator: 'orderedOk', denominator: 'dueOrder' },
  fulfilment: { numerator: 'fulAllocatedCartons', denominator: 'fulRequestedCartons' },
  capFill: { numerator: 'capRequestedCartons', denominator: 'capCartons' },
  capBreadth: { numerator: 'capLinesFull', denominator: 'capLines' },
  suggestionMatch: { numerator: 'matchAbsDiffCartons', denominator: 'matchSuggestedCartons' },
  scarceCoverage: { numerator: 'scarceCovered', denominator: 'scarceEligible' },
  newListing: { numerator: 'newListed', denominator: 'newAllocated' },
  forecastAccuracy: { numerator: 'fcAbsErrorPacks', denominator: 'fcActualPacks' },
  stockToSales: { numerator: 'stockPacks', denominator: 'stockSalesPacks' },
  coverDays: { numerator: 'stockPacks', denominator: 'stockSalesPacks' },
  stockoutRate: { numerator: 'stockoutPairs', denominator: 'carriedPairs' },
};

/** Past this many rows the page shows the first ones and offers the CSV for all. */
export const DRILL_PAGE_ROWS = 2000;

/** Who a drill-down row is: the shop, how to reach it, its station and manager (every list shows them). */
const RETAILER_COLUMNS = [
  'r.id as retailerId',
  'r.licenceNo',
  'r.name',
  'r.phone',
  'r.orderWeekday',
  's.nameZh as stationZh',
  's.nameEn as stationEn',
  'm.name as managerName',
  'm.phone as managerPhone',
] as const;
/** The same columns as a drill-down groups by them (one row per shop). */
const RETAILER_GROUP_BY = ['r.id', 'r.licenceNo', 'r.name', 'r.phone', 'r.orderWeekday', 's.nameZh', 's.nameEn', 'm.name', 'm.phone'] as const;

function baseRetailers(db: DB, user: ScopeUser) {
  return db
    .selectFrom('retailers as r')
    .innerJoin('accountManagers as m', 'm.id', 'r.managerId')
    .innerJoin('stations as s', 's.id', 'r.stationId')
    .where(retailerInScope(user, 'r.id'));
}

/**
 * Rows of shops that had `value` in `dim` on the row's day (retailer-history.server.ts), as the table counts them: a
 * shop moved, handed over or regraded is listed under what it was on each day.
 */
function onDay<QB extends { where: (expression: never) => QB }>(qb: QB, q: Pick<DrillQuery, 'dim' | 'value' | 'from'>, dayColumn: string): QB {
  if (q.dim === 'county') return qb;
  const dim = q.dim;
  return qb.where(mayHaveHadSql(dim, q.value, 'r', q.from) as never).where(sql<boolean>`${attributeOnDaySql(dim, 'r.id', sql.ref(dayColumn), 'r')} = ${dimSqlValue(dim, q.value)}` as never);
}

export interface DrillRow extends DrillShop {
  retailerId: number;
  orderWeekday: number;
  numerator: number;
  denominator: number;
}

export async function drillDown(db: DB, user: ScopeUser, q: DrillQuery, now = new Date()): Promise<DrillRow[]> {
  await refreshRollups(db, shanghaiDayOf(now));
  if (q.indicator === 'openIssues' || q.indicator === 'sameDayFixRate') return qualityDrill(db, user, q, now);
  // Answer time (issue 19): the shops whose questions were answered in the period, minutes ÷ answers.
  if (q.indicator === 'answerHours') return answerTimeDrill(db, user, q);
  const counts = q.indicator === 'notOrdered' ? { numerator: 'orderedOk' as const, denominator: 'dueOrder' as const } : DRILL_COUNTS[q.indicator];
  const num = sql.ref(`d.${snakeCase(counts.numerator)}`);
  const den = sql.ref(`d.${snakeCase(counts.denominator)}`);
  // Stock is a level: the closing day's value, not a sum over the days.
  const numerator = counts.numerator === 'stockPacks' ? sql<number>`sum(case when d.day = ${q.to} then ${num} else 0 end)` : sql<number>`sum(${num})`;
  // Each day counts for what the shop was that day (its station, manager, grade… then), as the table.
  const rows = await onDay(
    baseRetailers(db, user).innerJoin('monitoringRetailerDays as d', 'd.retailerId', 'r.id').where('d.day', '>=', q.from).where('d.day', '<=', q.to),
    q,
    'd.day',
  )
    .select([
      ...RETAILER_COLUMNS,
      numerator.as('numerator'),
      sql<number>`sum(${den})`.as('denominator'),
    ])
    .groupBy([...RETAILER_GROUP_BY])
    // A retailer is in the list when it is in the denominator or adds to the numerator: a shop that ordered with no
    // suggestion adds only to 配货匹配率's Σ|ordered − suggested|, and must be listed for the list to add up.
    .having((eb) => eb.or([eb(sql<number>`sum(${den})`, '>', 0), eb(sql<number>`sum(${num})`, '>', 0)]))
    .orderBy('r.licenceNo')
    .execute();
  return rows.map((r) => ({ ...r, numerator: Number(r.numerator), denominator: Number(r.denominator) }));
}

/** Issues found in the period (numerator: fixed the same day) or, for open issues, those open at its end. */
async function qualityDrill(db: DB, user: ScopeUser, q: DrillQuery, now: Date): Promise<DrillRow[]> {
  let query = baseRetailers(db, user)
    .innerJoin('qualityIssues as i', 'i.retailerId', 'r.id')
    .select([...RETAILER_COLUMNS, 'r.stationId', 'r.managerId', 'r.businessType', 'r.marketType', 'r.grade', 'i.foundAt', 'i.resolvedAt', 'i.status']);
  // Open issues: open at the end of the period (found by then and not fixed or explained by then; for a period
  // ending today, now), as the page's figure counts them.
  const periodEnd = shanghaiToInstant(addDays(q.to, 1));
  const end = periodEnd < now.toISOString() ? periodEnd : now.toISOString();
  query =
    q.indicator === 'openIssues'
      ? query
          .where('i.foundAt', '<', end)
          .where((eb) => eb.or([eb.and([eb('i.resolvedAt', 'is', null), eb('i.status', '=', 'open')]), eb('i.resolvedAt', '>=', end)]))
      : query.where('i.foundAt', '>=', shanghaiToInstant(q.from)).where('i.foundAt', '<', periodEnd);
  if (q.dim !== 'county') query = query.where(mayHaveHadSql(q.dim, q.value, 'r', q.from));
  const issues = await query.execute();
  // Under what the shop was on the day the issue counts (found on; open at the period's last day), as the page.
  const attributesOn = await attributesOnDays(db, [...new Set(issues.map((i) => i.retailerId))]);
  const byRetailer = new Map<number, DrillRow>();
  for (const i of issues) {
    const { foundAt, resolvedAt, status, stationId, managerId, businessType, marketType, grade, ...shop } = i;
    const countedOn = q.indicator === 'openIssues' ? (end === periodEnd ? q.to : shanghaiDayOf(end)) : shanghaiDayOf(String(foundAt));
    if (q.dim !== 'county' && dimensionValue(q.dim, attributesOn(i.retailerId, countedOn, { stationId, managerId, businessType, marketType, grade })) !== q.value) continue;
    let row = byRetailer.get(i.retailerId);
    if (!row) byRetailer.set(i.retailerId, (row = { ...shop, numerator: 0, denominator: 0 }));
    row.denominator += 1;
    const sameDay = resolvedAt && status !== 'open' && shanghaiDayOf(String(resolvedAt)) === shanghaiDayOf(String(foundAt));
    if (q.indicator === 'openIssues' || sameDay) row.numerator += 1;
  }
  return [...byRetailer.values()].sort((a, b) => a.licenceNo.localeCompare(b.licenceNo));
}

/** A question counts under what the shop was when it asked (kept on the question, decision 0032). */
const QUESTION_DIM_COLUMN = {
  station: 'q.stationId',
  manager: 'q.managerId',
  businessType: 'q.businessType',
  marketType: 'q.marketType',
  grade: 'q.grade',
} as const;

/**
 * 平均答复时长's drill-down: the shops whose questions were answered in the period (under the dimension value the
 * figure counts them in), with the minutes taken (numerator) and the answers (denominator); the rows add up to the
 * page's figure.
 */
async function answerTimeDrill(db: DB, user: ScopeUser, q: DrillQuery): Promise<DrillRow[]> {
  let query = baseRetailers(db, user)
    .innerJoin('questions as q', 'q.retailerId', 'r.id')
    .where('q.answeredAt', '>=', shanghaiToInstant(q.from))
    .where('q.answeredAt', '<', shanghaiToInstant(addDays(q.to, 1)));
  if (q.dim !== 'county') {
    const column = QUESTION_DIM_COLUMN[q.dim];
    query = query.where(column, '=', column === 'q.businessType' || column === 'q.marketType' ? (q.value as never) : Number(q.value));
  }
  const rows = await query
    .select((eb) => [...RETAILER_COLUMNS, eb.fn.sum<number>('q.responseMinutes').as('numerator'), eb.fn.countAll<number>().as('denominator')])
    .groupBy([...RETAILER_GROUP_BY])
    .orderBy('r.licenceNo')
    .execute();
  return rows.map((r) => ({ ...r, numerator: Number(r.numerator ?? 0), denominator: Number(r.denominator) }));
}

export interface NotOrderedRow extends DrillShop {
  retailerId: number;
  orderDay: string;
  orderWeekday: number;
  cycleCode: string;
  status: string | null;
  emptyStreak: number;
}

/** 未订货客户: every (retailer, order day) in the period that was due without a successful order. */
export async function notOrderedList(db: DB, user: ScopeUser, q: Omit<DrillQuery, 'indicator'>, now = new Date()): Promise<NotOrderedRow[]> {
  await refreshRollups(db, shanghaiDayOf(now));
  const rows = await onDay(
    baseRetailers(db, user)
      .innerJoin('monitoringRetailerDays as d', 'd.retailerId', 'r.id')
      .innerJoin('orderCycles as c', (j) => j.onRef('c.startsOn', '<=', 'd.day').onRef('c.endsOn', '>=', 'd.day'))
      .leftJoin('orders as o', (j) => j.onRef('o.retailerId', '=', 'r.id').onRef('o.cycleId', '=', 'c.id'))
      .where('d.day', '>=', q.from)
      .where('d.day', '<=', q.to),
    q,
    'd.day',
  )
    .where('d.dueOrder', '=', 1)
    .where('d.orderedOk', '=', 0)
    .select([
      ...RETAILER_COLUMNS,
      'd.day as orderDay',
      'c.code as cycleCode',
      'o.status',
      'd.emptyStreak',
    ])
    .orderBy('d.emptyStreak', 'desc')
    .orderBy('m.name')
    .orderBy('r.licenceNo')
    .orderBy('d.day')
    .execute();
  return rows.map((r) => ({ ...r, orderDay: String(r.orderDay), status: r.status ?? null }));
}

/** Checks a drill-down's period: real days, in order, at most a year, not after today. */
export function validDrillPeriod(from: string | null, to: string | null, today: string): { from: string; to: string } | null {
  const re = /^\d{4}-\d{2}-\d{2}$/;
  if (!from || !to || !re.test(from) || !re.test(to)) return null;
  try {
    isoWeekday(from);
    isoWeekday(to);
  } catch {
    return null;
  }
  if (from > to || to > today || from < addDays(to, -366)) return null;
  return { from, to };
}

/** The display name of a station or manager (both languages); null for values the page translates itself. */
export async function groupLabel(db: DB, dim: Dimension, value: string): Promise<{ zh: string; en: string } | null> {
  const id = Number(value);
  if (dim === 'station' && Number.isSafeInteger(id)) {
    const s = await db.selectFrom('stations').select(['nameZh', 'nameEn']).where('id', '=', id).executeTakeFirst();
    return s ? { zh: s.nameZh, en: s.nameEn } : null;
  }
  if (dim === 'manager' && Number.isSafeInteger(id)) {
    const m = await db.selectFrom('accountManagers').select(['name', 'code']).where('id', '=', id).executeTakeFirst();
    return m ? { zh: `${m.name}（${m.code}）`, en: `${m.name} (${m.code})` } : null;
  }
  return null;
}

/** A dimension value from a request: 'all' for the county, otherwise a short id or code. */
export function validDimValue(dim: Dimension, value: string | null): string | null {
  if (dim === 'county') return 'all';
  if (!value || value.length > 40) return null;
  if ((dim === 'station' || dim === 'manager' || dim === 'grade') && !/^\d+$/.test(value)) return null;
  return value;
}
