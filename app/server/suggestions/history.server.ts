/**
 * A shop's history as the suggestion run reads it from the database: sales, receipts, counts, upload days,
 * refused spec-days and what is on the way (loadShopsData, several shops at once), and the orders it placed
 * (recentOrderedCartons, cyclesBefore). What the figures mean for the rule is app/domain/replenishment/shop-history.ts.
 */
import { emptyShopData, USUAL_ORDER_CYCLES, type ShopData } from '~/domain/replenishment';
import { addDays, shanghaiDayOf, shanghaiToInstant } from '~/domain/time';
import { cartonsToPacks } from '~/domain/units';
import { sql } from 'kysely';
import { daysSince, jsonColumns, readJsonColumns } from '../../../db/dialect';
import type { DB } from '../db.server';

/**
 * Days since `fromDay` of a day column, as a whole number: cheaper for the database to print than the date
 * itself (PostgreSQL's to_char cost 2.5 times the whole aggregate).
 */
function dayOffset(db: DB, column: string, fromDay: string) {
  return daysSince(db, sql.ref(column), fromDay);
}

/**
 * Calls `each` with every row of a `jsonColumns` aggregate of up to three whole-number columns (missing ones 0).
 * Flat arrays, not an array per row: a city batch reads ~30 million items (see jsonColumns for the measurement).
 */
function eachItem(json: string | null, each: (a: number, b: number, c: number) => void) {
  const [a, b, c] = readJsonColumns(json, 3) as [number[], number[], number[]];
  for (let i = 0; i < a.length; i++) each(a[i]!, b[i] ?? 0, c[i] ?? 0);
}

/**
 * Several shops' data for one history window (`days`, see historyDaysBefore), in three queries whatever their number. Each shop's sales,
 * receipts and upload days come back as one row of JSON arrays (spec ids, days counted from `fromDay`, quantities),
 * aggregated by the database through the shop's own index range: a shop has ~1,600 sales rows in 16 weeks, and
 * turning that many rows into objects, one query per shop, was most of a city batch's time on PostgreSQL.
 */
export async function loadShopsData(db: DB, retailerIds: number[], days: readonly string[]): Promise<Map<number, ShopData>> {
  const fromDay = days[0]!;
  const orderDay = addDays(days.at(-1)!, 1);
  const [perShop, counts, inTransit] = await Promise.all([
    db
      .selectFrom('retailers as r')
      .select((eb) => [
        'r.id',
        eb
          .selectFrom('posDailySales as s')
          .select(jsonColumns(db, [sql.ref('s.spec_id'), dayOffset(db, 's.sales_date', fromDay), sql.ref('s.qty_packs')]).as('v'))
          .whereRef('s.retailerId', '=', 'r.id')
          .where('s.salesDate', '>=', fromDay)
          .where('s.salesDate', '<', orderDay)
          .as('sales'),
        eb
          .selectFrom('receipts as s')
          .select(jsonColumns(db, [sql.ref('s.spec_id'), dayOffset(db, 's.received_on', fromDay), sql.ref('s.qty_packs')]).as('v'))
          .whereRef('s.retailerId', '=', 'r.id')
          .where('s.receivedOn', '>=', fromDay)
          .where('s.receivedOn', '<', orderDay)
          .as('receipts'),
        eb
          .selectFrom('uploads as u')
          .select(jsonColumns(db, [dayOffset(db, 'u.business_date', fromDay)]).as('v'))
          .whereRef('u.retailerId', '=', 'r.id')
          .where('u.kind', '=', 'sales')
          .where('u.businessDate', '>=', fromDay)
          .where('u.businessDate', '<', orderDay)
          .as('uploads'),
        // Kind as a number (1 sales, 2 receipts), so the item reads as the others do.
        eb
          .selectFrom('unknownSpecDays as k')
          .select(jsonColumns(db, [sql.ref('k.spec_id'), dayOffset(db, 'k.day', fromDay), sql`case when k.kind = 'sales' then 1 else 2 end`]).as('v'))
          .whereRef('k.retailerId', '=', 'r.id')
          .where('k.day', '>=', fromDay)
          .where('k.day', '<', orderDay)
          .as('unknown'),
      ])
      .where('r.id', 'in', retailerIds)
      .execute(),
    db
      .selectFrom('stockCounts')
      .innerJoin('stockCountLines', 'stockCountLines.stockCountId', 'stockCounts.id')
      .select(['stockCounts.retailerId', 'stockCounts.countedAt', jsonColumns(db, [sql.ref('stock_count_lines.spec_id'), sql.ref('stock_count_lines.qty_packs')]).as('lines')])
      .where('stockCounts.retailerId', 'in', retailerIds)
      .where('stockCounts.countedAt', '>=', shanghaiToInstant(fromDay))
      .where('stockCounts.countedAt', '<', shanghaiToInstant(orderDay, '23:59:59'))
      .groupBy(['stockCounts.id', 'stockCounts.retailerId', 'stockCounts.countedAt'])
      .orderBy('stockCounts.countedAt')
      .orderBy('stockCounts.id')
      .execute(),
    db
      .selectFrom('orderLines')
      .innerJoin('orders', 'orders.id', 'orderLines.orderId')
      .innerJoin('specs', 'specs.id', 'orderLines.specId')
      .select(['orders.retailerId', 'orderLines.specId', 'orderLines.qtyAllocatedCartons', 'specs.packsPerCarton'])
      .where('orders.retailerId', 'in', retailerIds)
      .where('orders.status', 'in', ['allocated', 'confirmed'])
      .execute(),
  ]);
  const shops = new Map(retailerIds.map((id) => [id, emptyShopData()]));
  const addByDay = (target: Map<number, Map<string, number>>, joined: string | null) =>
    eachItem(joined, (specId, offset, qtyPacks) => {
      const day = days[offset]!;
      const d = target.get(specId) ?? new Map<string, number>();
      d.set(day, (d.get(day) ?? 0) + qtyPacks);
      target.set(specId, d);
    });
  for (const r of perShop) {
    const shop = shops.get(r.id)!;
    addByDay(shop.sales, r.sales);
    addByDay(shop.receipts, r.receipts);
    eachItem(r.uploads, (offset) => shop.uploadedDays.add(days[offset]!));
    eachItem(r.unknown, (specId, offset, kind) => {
      const target = kind === 1 ? shop.unknownSales : shop.unknownReceipts;
      const set = target.get(specId) ?? new Set<string>();
      set.add(days[offset]!);
      target.set(specId, set);
    });
  }
  for (const c of counts) {
    const shop = shops.get(c.retailerId)!;
    const day = shanghaiDayOf(c.countedAt);
    eachItem(c.lines, (specId, qtyPacks) => {
      const list = shop.counts.get(specId) ?? [];
      // A later count on the same morning replaces an earlier one.
      if (list.at(-1)?.day === day) list[list.length - 1] = { day, qtyPacks };
      else list.push({ day, qtyPacks });
      shop.counts.set(specId, list);
    });
  }
  for (const l of inTransit) {
    const transit = shops.get(l.retailerId)!.inTransitPacks;
    transit.set(l.specId, (transit.get(l.specId) ?? 0) + cartonsToPacks(l.qtyAllocatedCartons ?? 0, l.packsPerCarton));
  }
  return shops;
}

/** Orders that count as the shop's: placed, whatever happened to them after (a failed payment still shows the need). */
export const PLACED_ORDER_STATUSES = ['submitted', 'allocated', 'confirmed', 'delivered', 'failed'] as const;

/** The ids of the last `count` cycles that start before `startsOn`, newest first (a subquery). */
export function cyclesBefore(db: DB, startsOn: string, count: number) {
  return db.selectFrom('orderCycles').select('id').where('startsOn', '<', startsOn).orderBy('startsOn', 'desc').limit(count);
}

/**
 * What each shop ordered of each spec, in cartons summed over its last USUAL_ORDER_CYCLES cycles before the one
 * starting on `cycleStartsOn`, and how many such cycles there are (fewer in a young county).
 */
export async function recentOrderedCartons(db: DB, retailerIds: number[], cycleStartsOn: string): Promise<{ cycles: number; bySpec: Map<number, Map<number, number>> }> {
  const [cycles, rows] = await Promise.all([
    cyclesBefore(db, cycleStartsOn, USUAL_ORDER_CYCLES).execute(),
    db
      .selectFrom('orders')
      .innerJoin('orderLines', 'orderLines.orderId', 'orders.id')
      .select(['orders.retailerId', 'orderLines.specId', (eb) => eb.fn.sum<number>('orderLines.qtyRequestedCartons').as('cartons')])
      .where('orders.retailerId', 'in', retailerIds)
      .where('orders.status', 'in', PLACED_ORDER_STATUSES)
      .where('orders.cycleId', 'in', cyclesBefore(db, cycleStartsOn, USUAL_ORDER_CYCLES))
      .groupBy(['orders.retailerId', 'orderLines.specId'])
      .execute(),
  ]);
  const bySpec = new Map<number, Map<number, number>>();
  for (const r of rows) {
    const shop = bySpec.get(r.retailerId) ?? new Map<number, number>();
    shop.set(r.specId, Number(r.cartons));
    bySpec.set(r.retailerId, shop);
  }
  return { cycles: cycles.length, bySpec };
}
