/**
 * Forecast accuracy (预测准确度): a cycle's stored forecasts against what the shops then sold, per spec and for the
 * county, and the county's figure per cycle for the staff page. The measure is app/domain/forecast-accuracy.
 */
import { orderDayOf } from '~/domain/cycle';
import { accuracyOf, accuracyRows, type ForecastPair } from '~/domain/forecast-accuracy';
import { addDays } from '~/domain/time';
import type { DB } from '../db.server';

/**
 * Forecast accuracy of a cycle: each stored suggestion's daily forecast × 7 against what the shop then sold in
 * the 7 days from its order day, counting only shops that uploaded sales on all 7 days. Stored per spec and
 * for the county (spec 0). Returns the county row, or null when nothing could be compared yet.
 */
export async function computeForecastAccuracy(db: DB, cycleId: number, now = new Date()) {
  const cycle = await db.selectFrom('orderCycles').select(['id', 'startsOn']).where('id', '=', cycleId).executeTakeFirst();
  if (!cycle) return null;
  const last = addDays(cycle.startsOn, 6 + 6);
  const [suggestionRows, sales, uploads, retailers] = await Promise.all([
    db.selectFrom('suggestions').select(['retailerId', 'specId', 'forecastDailyPacks']).where('cycleId', '=', cycleId).execute(),
    db.selectFrom('posDailySales').select(['retailerId', 'specId', 'salesDate', 'qtyPacks']).where('salesDate', '>=', cycle.startsOn).where('salesDate', '<=', last).execute(),
    db.selectFrom('uploads').select(['retailerId', 'businessDate']).where('kind', '=', 'sales').where('businessDate', '>=', cycle.startsOn).where('businessDate', '<=', last).execute(),
    db.selectFrom('retailers').select(['id', 'orderWeekday']).execute(),
  ]);
  const weekday = new Map(retailers.map((r) => [r.id, r.orderWeekday]));
  const uploaded = new Set(uploads.map((u) => `${u.retailerId}:${u.businessDate}`));
  const sold = new Map<string, number>();
  for (const s of sales) sold.set(`${s.retailerId}:${s.specId}:${s.salesDate}`, s.qtyPacks);
  const pairs: ForecastPair[] = [];
  for (const s of suggestionRows) {
    const orderDay = orderDayOf(cycle, weekday.get(s.retailerId) ?? 1);
    const week = Array.from({ length: 7 }, (_, i) => addDays(orderDay, i));
    if (!week.every((d) => uploaded.has(`${s.retailerId}:${d}`))) continue;
    const actual = week.reduce((n, d) => n + (sold.get(`${s.retailerId}:${s.specId}:${d}`) ?? 0), 0);
    pairs.push({ specId: s.specId, forecastPacks: s.forecastDailyPacks * 7, actualPacks: actual });
  }
  if (!pairs.length) return null;
  const rows = accuracyRows(pairs);
  const computedAt = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('forecastAccuracy').where('cycleId', '=', cycleId).execute();
    await trx.insertInto('forecastAccuracy').values(rows.map((r) => ({ cycleId, ...r, computedAt }))).execute();
  });
  return { ...rows[0]!, accuracy: accuracyOf(rows[0]!), pairs: pairs.length };
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
