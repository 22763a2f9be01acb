/**
 * What the offline-ordering browser tests read back from the e2e county (tests/e2e/arrange.ts has the shared set-up):
 * a shop's order in the cycle it orders in now, as the server holds it, and a cycle whose every cut-off has passed.
 */
import { draftLinesOf } from '~/domain/replenishment';
import { addDays, isoWeekCode, shanghaiToInstant } from '~/domain/time';
import { orderingCycle } from '~/server/orders.server';
import { markRollupsDirty } from '~/server/rollups.server';
import { suggestionsForOrdering } from '~/server/suggestions/for-ordering.server';
import { connect } from '../../db/connect';
import { E2E_DATABASE } from './arrange';

export interface HeldOrder {
  status: string | null;
  cart: Record<number, number>;
  lines: Record<number, number>;
  events: string[];
}

/** The shop's order for the cycle it orders in now: status, cart and submitted lines (spec id → cartons), events. */
export async function orderHeldBy(licenceNo: string): Promise<HeldOrder> {
  const db = connect({ url: E2E_DATABASE });
  try {
    const shop = await db.selectFrom('retailers').select(['id', 'orderWeekday']).where('licenceNo', '=', licenceNo).executeTakeFirstOrThrow();
    const cycle = await orderingCycle(db, shop.orderWeekday, new Date());
    const order = cycle ? await db.selectFrom('orders').select(['id', 'status']).where('retailerId', '=', shop.id).where('cycleId', '=', cycle.id).executeTakeFirst() : undefined;
    if (!order) return { status: null, cart: {}, lines: {}, events: [] };
    const [cart, lines, events] = await Promise.all([
      db.selectFrom('cartLines').select(['specId', 'qtyCartons']).where('orderId', '=', order.id).execute(),
      db.selectFrom('orderLines').select(['specId', 'qtyRequestedCartons']).where('orderId', '=', order.id).execute(),
      db.selectFrom('orderEvents').select('kind').where('orderId', '=', order.id).orderBy('id').execute(),
    ]);
    return {
      status: order.status,
      cart: Object.fromEntries(cart.map((l) => [l.specId, l.qtyCartons])),
      lines: Object.fromEntries(lines.map((l) => [l.specId, l.qtyRequestedCartons])),
      events: events.map((e) => e.kind),
    };
  } finally {
    await db.destroy();
  }
}

/**
 * A cycle of its own, still open, every shop's cut-off in it long passed: the week before the earliest cycle in
 * the database. Made here rather than taken from scripts/e2e-past-cycle.ts, which the cycle-admin spec closes,
 * allocates and publishes when it runs first.
 */
export async function cycleWithEveryCutoffPassed(): Promise<number> {
  const db = connect({ url: E2E_DATABASE });
  try {
    const earliest = await db.selectFrom('orderCycles').select('startsOn').orderBy('startsOn').executeTakeFirstOrThrow();
    const startsOn = addDays(earliest.startsOn, -7);
    const cycle = await db
      .insertInto('orderCycles')
      .values({ code: isoWeekCode(startsOn), startsOn, endsOn: addDays(startsOn, 6), opensAt: shanghaiToInstant(addDays(startsOn, -2), '09:00:00'), cutoffLocalTime: '17:00:00', leadDays: 1, status: 'open', createdAt: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return cycle.id;
  } finally {
    await db.destroy();
  }
}

/**
 * The shop has not started this cycle's order (whatever the seed had it order is removed), so its order page
 * prepares the cart from the suggestions. Returns that prepared cart (spec id → cartons), as the page computes it.
 */
export async function noOrderYet(licenceNo: string): Promise<Record<number, number>> {
  const db = connect({ url: E2E_DATABASE });
  try {
    const shop = await db.selectFrom('retailers').select(['id', 'userId', 'orderWeekday']).where('licenceNo', '=', licenceNo).executeTakeFirstOrThrow();
    const cycle = await orderingCycle(db, shop.orderWeekday, new Date());
    if (!cycle) throw new Error(`${licenceNo} has no cycle to order in`);
    await db.deleteFrom('orders').where('retailerId', '=', shop.id).where('cycleId', '=', cycle.id).execute();
    await markRollupsDirty(db, shop.id, cycle.startsOn);
    const suggestions = await suggestionsForOrdering(db, { userId: shop.userId!, role: 'retailer' }, shop.id, cycle.id);
    const draft = Object.fromEntries(draftLinesOf(suggestions).map((s) => [s.specId, s.suggestedCartons]));
    if (!Object.keys(draft).length) throw new Error(`the rule suggests ${licenceNo} nothing: the e2e county's sales are not what this test needs`);
    return draft;
  } finally {
    await db.destroy();
  }
}
