/**
 * What a browser test needs in the e2e county, set up by the test itself before it opens a page, so that it asserts
 * one path whatever the seed left (the seed is random within its rules and changes with the demo generator) and
 * whatever the weekday: through the app's own server functions where the app has one (saveCart, ingest,
 * markDelivered, suggestionsForOrdering), otherwise the rows an earlier step of the app would have written.
 * The server (scripts/e2e-server.mjs) seeds the county into E2E_DATABASE; each test arranges only its own shop.
 */
import os from 'node:os';
import path from 'node:path';
import { deliveryDayOf, orderDayOf } from '~/domain/cycle';
import type { DailyQty } from '~/domain/uploads/types';
import { addDays, isoWeekCode, shanghaiToInstant } from '~/domain/time';
import { markDelivered } from '~/server/deliveries.server';
import { orderingContext, orderingCycle, saveCart } from '~/server/orders.server';
import { markRollupsDirty } from '~/server/rollups.server';
import { suggestionsForOrdering } from '~/server/suggestions/for-ordering.server';
import { ingest } from '~/server/uploads/ingest.server';
import { connect, type DB } from '../../db/connect';

/** The e2e server's database: one directory per port, so two runs on different ports do not share (or delete) it. */
export const E2E_DATABASE = path.join(os.tmpdir(), `peihuo-e2e-${process.env.E2E_PORT ?? 3210}`, 'e2e.db');

async function withDb<T>(work: (db: DB) => Promise<T>): Promise<T> {
  const db = connect({ url: E2E_DATABASE });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

async function shopOf(db: DB, licenceNo: string) {
  const shop = await db.selectFrom('retailers').select(['id', 'userId', 'orderWeekday']).where('licenceNo', '=', licenceNo).executeTakeFirstOrThrow();
  if (shop.userId === null) throw new Error(`${licenceNo} has no sign-in in the e2e county`);
  return { id: shop.id, orderWeekday: shop.orderWeekday, user: { userId: shop.userId, role: 'retailer' as const } };
}

/**
 * The shop has started this cycle's order and its cart is empty: whatever the seed had it order or draft in the
 * cycle it orders in now is removed, and an empty cart is saved (a shop with no order at all would find its cart
 * prepared from the suggestions). Returns the cycle's code.
 */
export function startOrderWithEmptyCart(licenceNo: string): Promise<string> {
  return withDb(async (db) => {
    const shop = await shopOf(db, licenceNo);
    const now = new Date();
    const cycle = await orderingCycle(db, shop.orderWeekday, now);
    if (!cycle) throw new Error(`${licenceNo} has no cycle to order in`);
    // Its lines, cart and events go with it (on delete cascade).
    await db.deleteFrom('orders').where('retailerId', '=', shop.id).where('cycleId', '=', cycle.id).execute();
    await markRollupsDirty(db, shop.id, cycle.startsOn);
    const saved = await saveCart(db, shop.user, shop.id, [], now);
    if (!saved.ok) throw new Error(`${licenceNo} cannot order now: ${saved.reason}`);
    return cycle.code;
  });
}

/**
 * This cycle's suggestions for the shop, computed as the order page computes them, and the first line (by spec)
 * suggesting at least one carton of an uncapped, plain spec: one the shop can raise by a carton.
 */
export function aSuggestedLineWithRoom(licenceNo: string): Promise<{ specId: number; name: string; suggestedCartons: number }> {
  return withDb(async (db) => {
    const shop = await shopOf(db, licenceNo);
    const ctx = await orderingContext(db, shop.user, shop.id);
    if (!ctx?.cycle) throw new Error(`${licenceNo} has no cycle to order in`);
    const specs = new Map(ctx.catalogue.map((s) => [s.id, s]));
    const lines = (await suggestionsForOrdering(db, shop.user, shop.id, ctx.cycle.id)).flatMap((s) => {
      const spec = specs.get(s.specId);
      return spec && s.suggestedCartons >= 1 && spec.capCartons === null && !spec.isScarce && spec.isOrderable && !spec.isDiscontinued
        ? [{ specId: s.specId, name: spec.name, suggestedCartons: s.suggestedCartons }]
        : [];
    });
    const first = lines.sort((a, b) => a.specId - b.specId)[0];
    if (!first) throw new Error(`the rule suggests ${licenceNo} no carton of an uncapped spec: the e2e county's sales are not what this test needs`);
    return first;
  });
}

/**
 * The shop's till has already sent these days (3 packs a day of the first orderable spec, nothing else), so a file
 * covering them replaces them. Returns that spec's pack barcode.
 */
export function salesAlreadySentFor(licenceNo: string, days: readonly string[]): Promise<string> {
  return withDb(async (db) => {
    const shop = await shopOf(db, licenceNo);
    const spec = await db.selectFrom('specs').select(['id', 'packBarcode']).where('isDiscontinued', '=', 0).orderBy('id').executeTakeFirstOrThrow();
    const daily: DailyQty[] = days.map((day) => ({ specId: spec.id, day, qtyPacks: 3 }));
    await ingest(db, { retailerId: shop.id, kind: 'sales', source: 'api', actorUserId: null, rowsRead: daily.length, days: [...days], daily, rejections: [] });
    return spec.packBarcode;
  });
}

/**
 * A delivered order the shop has not checked yet: in a cycle of its own before everything else in the county, the
 * shop's confirmed order of 3 cartons of the first orderable spec and 2 of the second, all allocated, marked
 * delivered by staff (which books the receipts). Returns the order and its first line.
 */
export function deliveredOrderToCheck(licenceNo: string): Promise<{ orderId: number; line: { name: string; code: string; allocated: number } }> {
  return withDb(async (db) => {
    const shop = await shopOf(db, licenceNo);
    const staff = await db.selectFrom('users').select('id').where('role', '=', 'staff').orderBy('id').executeTakeFirstOrThrow();
    const earliest = await db.selectFrom('orderCycles').select('startsOn').orderBy('startsOn').executeTakeFirstOrThrow();
    const startsOn = addDays(earliest.startsOn, -7);
    const window = { startsOn, opensAt: shanghaiToInstant(addDays(startsOn, -2), '09:00:00'), cutoffLocalTime: '17:00:00', leadDays: 1 };
    const cycle = await db
      .insertInto('orderCycles')
      .values({ ...window, code: isoWeekCode(startsOn), endsOn: addDays(startsOn, 6), status: 'delivered', createdAt: window.opensAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    const specs = await db
      .selectFrom('specs')
      .select(['id', 'name', 'cartonBarcode', 'wholesalePriceFenPerCarton'])
      .where('isOrderable', '=', 1)
      .where('isDiscontinued', '=', 0)
      .orderBy('id')
      .limit(2)
      .execute();
    const lines = specs.map((spec, i) => ({ spec, qty: 3 - i }));
    const submittedAt = shanghaiToInstant(orderDayOf(window, shop.orderWeekday), '10:00:00');
    const order = await db
      .insertInto('orders')
      .values({
        retailerId: shop.id,
        cycleId: cycle.id,
        status: 'confirmed',
        submittedByUserId: shop.user.userId,
        onBehalf: 0,
        submittedAt,
        totalCartons: lines.reduce((n, l) => n + l.qty, 0),
        totalAmountFen: lines.reduce((n, l) => n + l.qty * l.spec.wholesalePriceFenPerCarton, 0),
        failureReason: null,
        createdAt: submittedAt,
        updatedAt: submittedAt,
        deliveredOn: null,
        receiptConfirmedAt: null,
        allocationConfirmedAt: submittedAt,
        allocationProblem: null,
        allocationProblemAt: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('orderLines')
      .values(
        lines.map((l) => ({
          orderId: order.id,
          specId: l.spec.id,
          qtyRequestedCartons: l.qty,
          capCartons: null,
          suggestedCartons: null,
          qtyAllocatedCartons: l.qty,
          unitPriceFen: l.spec.wholesalePriceFenPerCarton,
          qtyReceivedCartons: null,
          deviationReason: null,
        })),
      )
      .execute();
    const delivered = await markDelivered(db, { userId: staff.id, role: 'staff' }, order.id, deliveryDayOf(window, shop.orderWeekday));
    if (!delivered.ok) throw new Error(`could not mark the order delivered: ${delivered.reason}`);
    const first = lines[0]!;
    return { orderId: order.id, line: { name: first.spec.name, code: first.spec.cartonBarcode, allocated: first.qty } };
  });
}
