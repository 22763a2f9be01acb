/**
 * Forecast accuracy (预测准确率): a closed cycle's forecasts against what the shops then sold, kept per shop and
 * spec (forecast_measures, which the monitoring roll-ups read), per spec and for the county (forecast_accuracy).
 * The measure is app/domain/forecast-accuracy.
 *
 * Measuring never touches `suggestions`: the forecasts measured are the rule's as of each shop's order day,
 * computed in memory (computeSuggestionsForCounty's `measure`), so the suggestions in force for that cycle — what
 * 配货匹配率 compares orders with — stay exactly as they were.
 */
import { orderDayOf } from '~/domain/cycle';
import { accuracyOf, accuracyRows, type ForecastPair } from '~/domain/forecast-accuracy';
import { addDays } from '~/domain/time';
import { bulkInsert } from '../../../db/dialect';
import type { DB } from '../db.server';
import type { ScopeUser } from '../scope.server';
import { computeSuggestionsForCounty, type ShopResult } from './batch.server';

/** Days after a cycle's start by which every shop's 7 days from its order day (Sunday's at the latest) are over. */
export const MEASURABLE_AFTER_DAYS = 13;

/** One shop's forecast of one spec for the cycle. */
export interface ShopForecast {
  retailerId: number;
  specId: number;
  forecastDailyPacks: number;
  /** Offered because similar shops sell it (not in the shop's draft). */
  offered: boolean;
}

export function forecastsOf(results: readonly ShopResult[]): ShopForecast[] {
  return results.flatMap((r) =>
    r.suggestions.map((c) => ({
      retailerId: r.retailerId,
      specId: c.specId,
      forecastDailyPacks: c.suggestion.explanation.forecastDailyPacks,
      offered: c.suggestion.explanation.notes.includes('common_in_peer_group'),
    })),
  );
}

/**
 * Forecast accuracy of a cycle: each forecast × 7 against what the shop then sold in the 7 days from its order day,
 * counting only shops that uploaded sales on all 7 days. Kept per shop and spec (replacing an earlier measure of
 * the cycle) and per spec and for the county (spec 0); the measured shops' roll-ups are marked to be recomputed from
 * their order day. Returns the county row, or null when nothing could be compared yet.
 */
export async function computeForecastAccuracy(db: DB, cycleId: number, forecasts: readonly ShopForecast[], now = new Date()) {
  const cycle = await db.selectFrom('orderCycles').select(['id', 'startsOn']).where('id', '=', cycleId).executeTakeFirst();
  if (!cycle) return null;
  const startsOn = String(cycle.startsOn);
  const last = addDays(startsOn, MEASURABLE_AFTER_DAYS - 1);
  const [sales, uploads, retailers] = await Promise.all([
    db.selectFrom('posDailySales').select(['retailerId', 'specId', 'salesDate', 'qtyPacks']).where('salesDate', '>=', startsOn).where('salesDate', '<=', last).execute(),
    db.selectFrom('uploads').select(['retailerId', 'businessDate']).where('kind', '=', 'sales').where('businessDate', '>=', startsOn).where('businessDate', '<=', last).execute(),
    db.selectFrom('retailers').select(['id', 'orderWeekday']).execute(),
  ]);
  const weekday = new Map(retailers.map((r) => [r.id, r.orderWeekday]));
  const uploaded = new Set(uploads.map((u) => `${u.retailerId}:${String(u.businessDate)}`));
  const sold = new Map<string, number>();
  for (const s of sales) sold.set(`${s.retailerId}:${s.specId}:${String(s.salesDate)}`, s.qtyPacks);
  const pairs: ForecastPair[] = [];
  const measuredAt = now.toISOString();
  const rows: Array<{ cycleId: number; retailerId: number; specId: number; orderDay: string; forecastPacks: number; actualPacks: number; offered: number; measuredAt: string }> = [];
  const firstDay = new Map<number, string>();
  for (const f of forecasts) {
    const orderDay = orderDayOf({ startsOn }, weekday.get(f.retailerId) ?? 1);
    const week = Array.from({ length: 7 }, (_, i) => addDays(orderDay, i));
    if (!week.every((d) => uploaded.has(`${f.retailerId}:${d}`))) continue;
    const actual = week.reduce((n, d) => n + (sold.get(`${f.retailerId}:${f.specId}:${d}`) ?? 0), 0);
    const forecastPacks = Math.round(f.forecastDailyPacks * 7);
    pairs.push({ specId: f.specId, forecastPacks, actualPacks: actual });
    rows.push({ cycleId, retailerId: f.retailerId, specId: f.specId, orderDay, forecastPacks, actualPacks: actual, offered: f.offered ? 1 : 0, measuredAt });
    firstDay.set(f.retailerId, orderDay);
  }
  // Nothing to compare (no shop uploaded all 7 days) is kept too, as a county row of zeros: the cycle was
  // measured, and is not queued again by itself (staff may measure it again by hand).
  const county = pairs.length ? accuracyRows(pairs) : [{ specId: 0, forecastPacks: 0, actualPacks: 0, absErrorPacks: 0 }];
  await db.transaction().execute(async (trx) => {
    // Shops measured before and not now (no longer all 7 days uploaded …) must be recomputed as well.
    const before = await trx.selectFrom('forecastMeasures').select(['retailerId', 'orderDay']).distinct().where('cycleId', '=', cycleId).execute();
    for (const b of before) if (!firstDay.has(b.retailerId)) firstDay.set(b.retailerId, String(b.orderDay));
    await trx.deleteFrom('forecastMeasures').where('cycleId', '=', cycleId).execute();
    if (rows.length) await bulkInsert(trx, { table: 'forecastMeasures', rows });
    await trx.deleteFrom('forecastAccuracy').where('cycleId', '=', cycleId).execute();
    await trx.insertInto('forecastAccuracy').values(county.map((r) => ({ cycleId, ...r, computedAt: measuredAt }))).execute();
    const marks = [...firstDay].map(([retailerId, dayFrom]) => ({ retailerId, dayFrom }));
    for (let i = 0; i < marks.length; i += 500) await trx.insertInto('monitoringDirty').values(marks.slice(i, i + 500)).execute();
  });
  return pairs.length ? { ...county[0]!, accuracy: accuracyOf(county[0]!), pairs: pairs.length } : null;
}

/**
 * Measures a closed cycle: the rule's forecasts as of each shop's order day, computed in memory (never stored as
 * suggestions), then compared with what sold. `onChunk` hears progress in shops.
 */
export async function measureCycle(db: DB, user: ScopeUser, cycleId: number, now = new Date(), onChunk?: (done: number, total: number) => Promise<void>) {
  const forecasts: ShopForecast[] = [];
  await computeSuggestionsForCounty(db, user, now, cycleId, { onChunk, measure: (results) => void forecasts.push(...forecastsOf(results)) });
  return computeForecastAccuracy(db, cycleId, forecasts, now);
}

/**
 * The cycle to measure next, if any: the latest closed cycle whose shops' 7 days from their order days have all
 * passed by yesterday and which was never measured (a week closes: its accuracy follows without anyone asking).
 */
export async function cycleDueForMeasure(db: DB, today: string) {
  return db
    .selectFrom('orderCycles')
    .select(['id', 'code'])
    .where('status', 'in', ['closed', 'allocated', 'published', 'delivered'])
    .where('startsOn', '<=', addDays(today, -MEASURABLE_AFTER_DAYS))
    .where('startsOn', '>=', addDays(today, -MEASURABLE_AFTER_DAYS - 7 * 8))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('forecastAccuracy').select('forecastAccuracy.cycleId').whereRef('forecastAccuracy.cycleId', '=', 'orderCycles.id'))))
    .orderBy('startsOn', 'desc')
    .executeTakeFirst();
}

/** The county's forecast accuracy per cycle (newest first), for the staff page. */
export async function forecastAccuracyByCycle(db: DB, limit = 12) {
  const rows = await db
    .selectFrom('forecastAccuracy')
    .innerJoin('orderCycles', 'orderCycles.id', 'forecastAccuracy.cycleId')
    .select(['orderCycles.code', 'forecastAccuracy.forecastPacks', 'forecastAccuracy.actualPacks', 'forecastAccuracy.absErrorPacks', 'forecastAccuracy.computedAt'])
    .where('forecastAccuracy.specId', '=', 0)
    .orderBy('orderCycles.startsOn', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, accuracy: accuracyOf(r) }));
}
