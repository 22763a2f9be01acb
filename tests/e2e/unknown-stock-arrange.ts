/**
 * What the unknown-stock browser test arranges in the e2e county (tests/e2e/arrange.ts's way: through the app's
 * server functions where it has one), for a shop no other browser test uses.
 */
import { orderingCycle } from '~/server/orders.server';
import { markRollupsDirty } from '~/server/rollups.server';
import { suggestionsForOrdering } from '~/server/suggestions/for-ordering.server';
import { ingest } from '~/server/uploads/ingest.server';
import { addDays, shanghaiDayOf } from '~/domain/time';
import { connect, type DB } from '../../db/connect';
import { E2E_DATABASE } from './arrange';

async function withDb<T>(work: (db: DB) => Promise<T>): Promise<T> {
  const db = connect({ url: E2E_DATABASE });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

/**
 * A shop that never counted its stock and has placed no order to compare with, like a new user (issue 14): its
 * counts are removed, its orders cancelled (this cycle's deleted, so its cart is prepared from the suggestions),
 * and its till sent 20 packs a day of the first ordinary spec (nothing else) for the last three weeks; this cycle's
 * suggestions are computed again as the order page computes them. Returns that spec, which is suggested at least
 * a carton with its stock unknown.
 */
export function shopThatNeverCounted(licenceNo: string): Promise<{ specId: number; name: string; packBarcode: string }> {
  return withDb(async (db) => {
    const shop = await db.selectFrom('retailers').select(['id', 'userId', 'orderWeekday']).where('licenceNo', '=', licenceNo).executeTakeFirstOrThrow();
    if (shop.userId === null) throw new Error(`${licenceNo} has no sign-in in the e2e county`);
    const user = { userId: shop.userId, role: 'retailer' as const };
    const now = new Date();
    const cycle = await orderingCycle(db, shop.orderWeekday, now);
    if (!cycle) throw new Error(`${licenceNo} has no cycle to order in`);

    const counts = await db.selectFrom('stockCounts').select('id').where('retailerId', '=', shop.id).execute();
    if (counts.length) await db.deleteFrom('stockCountLines').where('stockCountId', 'in', counts.map((c) => c.id)).execute();
    await db.deleteFrom('stockCounts').where('retailerId', '=', shop.id).execute();
    const ordered = await db.selectFrom('orders').innerJoin('orderCycles', 'orderCycles.id', 'orders.cycleId').select('orderCycles.startsOn').where('orders.retailerId', '=', shop.id).execute();
    await db.deleteFrom('orders').where('retailerId', '=', shop.id).where('cycleId', '=', cycle.id).execute();
    await db.updateTable('orders').set({ status: 'cancelled' }).where('retailerId', '=', shop.id).execute();
    await markRollupsDirty(db, shop.id, [...ordered.map((o) => String(o.startsOn)), cycle.startsOn].sort()[0]!);

    const spec = await db
      .selectFrom('specs')
      .select(['id', 'name', 'packBarcode'])
      .where('isDiscontinued', '=', 0)
      .where('isScarce', '=', 0)
      .where('isNew', '=', 0)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const today = shanghaiDayOf(now);
    const days = Array.from({ length: 21 }, (_, k) => addDays(today, k - 21));
    await ingest(db, { retailerId: shop.id, kind: 'sales', source: 'api', actorUserId: null, rowsRead: days.length, days, daily: days.map((day) => ({ specId: spec.id, day, qtyPacks: 20 })), rejections: [] });

    await db.deleteFrom('suggestions').where('retailerId', '=', shop.id).where('cycleId', '=', cycle.id).execute();
    const line = (await suggestionsForOrdering(db, user, shop.id, cycle.id, now)).find((s) => s.specId === spec.id);
    if (!line || line.suggestedCartons < 1 || line.explanation.onHandKnown) {
      throw new Error(`${spec.name} at ${licenceNo} is not suggested a carton with its stock unknown: ${JSON.stringify(line)}`);
    }
    return { specId: spec.id, name: spec.name, packBarcode: spec.packBarcode };
  });
}
