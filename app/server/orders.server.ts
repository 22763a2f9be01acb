/**
 * Ordering for one retailer, by the retailer itself or its account manager (recorded as on its behalf).
 * Every function finds the retailer through `retailerInScope`, so an id from a request can never reach
 * another shop. Writes happen in one transaction and re-check the window inside it.
 */
import { sql } from 'kysely';
import { capForGrade, checkOrder, depositShortfallFen, type LineProblem, type OrderProblem, type OrderableSpec, type RequestedLine } from '~/domain/ordering';
import { cutoffOf, deliveryDayOf, mayOrder, orderDayOf, pickOrderingCycle, windowStateAt } from '~/domain/cycle';
import { addDays, mondayOf, shanghaiDayOf } from '~/domain/time';
import type { OrderStatus } from '../../db/schema';
import type { DB } from './db.server';
import { markRollupsDirty } from './rollups.server';
import { retailerInScope, type ScopeUser } from './scope.server';

/** Statuses that count as "the shop has ordered this cycle". */
export const PLACED_STATUSES: OrderStatus[] = ['submitted', 'allocated', 'confirmed', 'delivered'];

type Tx = DB;

async function scopedRetailer(db: Tx, user: ScopeUser, retailerId: number) {
  return db
    .selectFrom('retailers')
    .select(['id', 'name', 'licenceNo', 'grade', 'orderWeekday', 'depositBalanceFen', 'active', 'isOnline'])
    .where('id', '=', retailerId)
    .where(retailerInScope(user, 'retailers.id'))
    .executeTakeFirst();
}

export async function orderingCycle(db: Tx, orderWeekday: number, now: Date) {
  const from = addDays(mondayOf(shanghaiDayOf(now)), -7);
  const cycles = await db.selectFrom('orderCycles').selectAll().where('endsOn', '>=', from).orderBy('startsOn').limit(4).execute();
  return pickOrderingCycle(cycles, orderWeekday, now);
}

/** Specs with this retailer's cap for the cycle: the whole catalogue, or only `onlySpecIds` (writes). */
async function catalogueFor(db: Tx, cycleId: number, grade: number, onlySpecIds?: number[]) {
  if (onlySpecIds && onlySpecIds.length === 0) return [];
  let specsQuery = db
    .selectFrom('specs')
    .select(['id', 'code', 'name', 'brand', 'priceClass', 'packBarcode', 'cartonBarcode', 'wholesalePriceFenPerCarton', 'retailPriceFenPerCarton', 'isScarce', 'isNew', 'isOrderable', 'isDiscontinued'])
    .orderBy('priceClass')
    .orderBy('brand')
    .orderBy('name');
  let capsQuery = db
    .selectFrom('caps')
    .select(['specId', 'gradeFrom', 'gradeTo', 'capCartons'])
    .where('cycleId', '=', cycleId)
    .where('gradeFrom', '<=', grade)
    .where('gradeTo', '>=', grade);
  if (onlySpecIds) {
    specsQuery = specsQuery.where('id', 'in', onlySpecIds);
    capsQuery = capsQuery.where('specId', 'in', onlySpecIds);
  }
  const [specs, caps] = await Promise.all([specsQuery.execute(), capsQuery.execute()]);
  const bandsBySpec = new Map<number, typeof caps>();
  for (const c of caps) bandsBySpec.set(c.specId, [...(bandsBySpec.get(c.specId) ?? []), c]);
  return specs.map((s) => ({ ...s, capCartons: capForGrade(bandsBySpec.get(s.id) ?? [], grade) }));
}

/** The distinct, sane spec ids of a request (a request cannot make the query huge). */
function requestedSpecIds(lines: RequestedLine[]): number[] {
  return [...new Set(lines.map((l) => l.specId).filter((id) => Number.isSafeInteger(id) && id > 0))];
}

function specMap(catalogue: Array<OrderableSpec>): Map<number, OrderableSpec> {
  return new Map(catalogue.map((s) => [s.id, s]));
}

/** Everything the order page needs. Null when the retailer is not in the user's scope. */
export async function orderingContext(db: DB, user: ScopeUser, retailerId: number, now = new Date()) {
  const retailer = await scopedRetailer(db, user, retailerId);
  if (!retailer) return null;
  const cycle = await orderingCycle(db, retailer.orderWeekday, now);
  if (!cycle) return { retailer, cycle: null } as const;

  const [catalogue, order, lastOrder, recentSpecIds] = await Promise.all([
    catalogueFor(db, cycle.id, retailer.grade),
    db.selectFrom('orders').selectAll().where('retailerId', '=', retailer.id).where('cycleId', '=', cycle.id).executeTakeFirst(),
    db
      .selectFrom('orders')
      .innerJoin('orderCycles', 'orderCycles.id', 'orders.cycleId')
      .select(['orders.id', 'orderCycles.code'])
      .where('orders.retailerId', '=', retailer.id)
      .where('orderCycles.startsOn', '<', cycle.startsOn)
      .where('orders.status', 'in', PLACED_STATUSES)
      .orderBy('orderCycles.startsOn', 'desc')
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('orderLines')
      .innerJoin('orders', 'orders.id', 'orderLines.orderId')
      .innerJoin('orderCycles', 'orderCycles.id', 'orders.cycleId')
      .select('orderLines.specId')
      .distinct()
      .where('orders.retailerId', '=', retailer.id)
      .where('orderCycles.startsOn', '>=', addDays(cycle.startsOn, -7 * 8))
      .execute(),
  ]);

  const [cart, submitted, lastLines, events] = await Promise.all([
    order ? db.selectFrom('cartLines').select(['specId', 'qtyCartons']).where('orderId', '=', order.id).execute() : [],
    order
      ? db.selectFrom('orderLines').select(['specId', 'qtyRequestedCartons', 'qtyAllocatedCartons']).where('orderId', '=', order.id).execute()
      : [],
    lastOrder ? db.selectFrom('orderLines').select(['specId', 'qtyRequestedCartons as qtyCartons']).where('orderId', '=', lastOrder.id).execute() : [],
    order
      ? db
          .selectFrom('orderEvents')
          .innerJoin('users', 'users.id', 'orderEvents.actorUserId')
          .select(['orderEvents.at', 'orderEvents.kind', 'orderEvents.onBehalf', 'users.displayName', 'orderEvents.totalCartons'])
          .where('orderEvents.orderId', '=', order.id)
          .orderBy('orderEvents.at', 'desc')
          .limit(10)
          .execute()
      : [],
  ]);

  // The cart starts as the submitted lines when the shop has not edited since.
  const cartLines = cart.length || !submitted.length ? cart : submitted.map((l) => ({ specId: l.specId, qtyCartons: l.qtyRequestedCartons }));
  const submittedKey = JSON.stringify(submitted.map((l) => [l.specId, l.qtyRequestedCartons]).sort());
  const cartKey = JSON.stringify(cartLines.filter((l) => l.qtyCartons > 0).map((l) => [l.specId, l.qtyCartons]).sort());
  const totalAmountFen = order?.totalAmountFen ?? 0;

  return {
    retailer,
    cycle: {
      id: cycle.id,
      code: cycle.code,
      status: cycle.status,
      state: windowStateAt(now, cycle, retailer.orderWeekday),
      mayOrder: mayOrder(cycle, retailer.orderWeekday, now),
      opensAt: cycle.opensAt,
      orderDay: orderDayOf(cycle, retailer.orderWeekday),
      cutoffAt: cutoffOf(cycle, retailer.orderWeekday),
      deliveryDay: deliveryDayOf(cycle, retailer.orderWeekday),
    },
    catalogue,
    order: order
      ? {
          id: order.id,
          status: order.status,
          submittedAt: order.submittedAt,
          onBehalf: order.onBehalf,
          totalCartons: order.totalCartons,
          totalAmountFen,
          failureReason: order.failureReason,
          shortfallFen: PLACED_STATUSES.includes(order.status) ? depositShortfallFen(totalAmountFen, retailer.depositBalanceFen) : 0,
        }
      : null,
    cart: cartLines,
    submittedLines: submitted,
    hasUnsubmittedChanges: !!order && PLACED_STATUSES.includes(order.status) && cartKey !== submittedKey,
    lastOrder: lastOrder ? { code: lastOrder.code, lines: lastLines } : null,
    previouslyOrdered: recentSpecIds.map((r) => r.specId),
    events,
    now: now.toISOString(),
  } as const;
}

export type WriteResult =
  | { ok: true; orderId: number; status: OrderStatus }
  | { ok: false; reason: 'not_found' | 'no_cycle' | 'window_not_open' | 'window_closed' | 'not_changeable' }
  | { ok: false; reason: 'invalid'; lineProblems: Array<{ specId: number; problem: LineProblem }>; orderProblems: OrderProblem[] };

type Actor = ScopeUser;

/** Loads what a write needs inside the transaction and refuses when the window is not open. */
async function writeContext(trx: Tx, actor: Actor, retailerId: number, now: Date) {
  const retailer = await scopedRetailer(trx, actor, retailerId);
  if (!retailer || !retailer.active) return { error: 'not_found' as const };
  const cycle = await orderingCycle(trx, retailer.orderWeekday, now);
  if (!cycle) return { error: 'no_cycle' as const };
  if (!mayOrder(cycle, retailer.orderWeekday, now)) {
    // A cycle staff have not opened yet reads as "not open", whatever the clock says.
    const closed = windowStateAt(now, cycle, retailer.orderWeekday) === 'closed';
    return { error: closed ? ('window_closed' as const) : ('window_not_open' as const) };
  }
  return { retailer, cycle };
}

/**
 * The order row for this retailer and cycle, created as a draft when missing, in one statement that also
 * returns it. The conflict branch writes the row (its updated_at), which on PostgreSQL locks it for this
 * transaction, so concurrent submits of one shop's order queue here; SQLite runs one writer at a time anyway.
 */
async function lockOrder(trx: Tx, retailerId: number, cycleId: number, now: string) {
  return trx
    .insertInto('orders')
    .values({ retailerId, cycleId, status: 'draft', submittedByUserId: null, onBehalf: 0, submittedAt: null, totalCartons: 0, totalAmountFen: 0, failureReason: null, createdAt: now, updatedAt: now, deliveredOn: null, receiptConfirmedAt: null })
    .onConflict((oc) => oc.columns(['retailerId', 'cycleId']).doUpdateSet({ updatedAt: now }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function replaceLines(trx: Tx, table: 'cartLines' | 'orderLines', orderId: number, rows: Array<Record<string, number | string | null>>) {
  await trx.deleteFrom(table).where('orderId', '=', orderId).execute();
  if (rows.length) await trx.insertInto(table).values(rows as never).execute();
}

function transaction<T>(db: DB, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn as (trx: any) => Promise<T>);
}

/** Keeps the cart on the server (a draft order, or pending changes to a submitted one). */
export async function saveCart(db: DB, actor: Actor, retailerId: number, lines: RequestedLine[], now = new Date()): Promise<WriteResult> {
  return transaction(db, async (trx) => {
    const ctx = await writeContext(trx, actor, retailerId, now);
    if ('error' in ctx) return { ok: false, reason: ctx.error! };
    const specs = specMap(await catalogueFor(trx, ctx.cycle.id, ctx.retailer.grade, requestedSpecIds(lines)));
    // The cart may hold a quantity above a cap (the page shows it); it may not hold what could never be an order.
    const bad = lines.flatMap((l) =>
      !Number.isInteger(l.qtyCartons) || l.qtyCartons < 0 || l.qtyCartons > 10_000 || !specs.has(l.specId)
        ? [{ specId: l.specId, problem: { code: specs.has(l.specId) ? 'not_whole_cartons' : 'unknown_spec' } as LineProblem }]
        : [],
    );
    if (bad.length) return { ok: false, reason: 'invalid', lineProblems: bad, orderProblems: [] };
    const nowIso = now.toISOString();
    const order = await lockOrder(trx, ctx.retailer.id, ctx.cycle.id, nowIso);
    const unique = new Map(lines.filter((l) => l.qtyCartons > 0).map((l) => [l.specId, l.qtyCartons]));
    await replaceLines(trx, 'cartLines', order.id, [...unique].map(([specId, qtyCartons]) => ({ orderId: order.id, specId, qtyCartons })));
    const status = order.status === 'cancelled' || order.status === 'failed' ? 'draft' : order.status;
    await trx.updateTable('orders').set({ status, updatedAt: nowIso }).where('id', '=', order.id).execute();
    return { ok: true, orderId: order.id, status };
  });
}

/**
 * Submits the order with exactly these lines. Idempotent: the same submit twice (a double tap, a retry after a
 * lost response, two tabs) leaves one order with those lines. Nothing is written when any line is refused.
 */
export async function submitOrder(db: DB, actor: Actor, retailerId: number, lines: RequestedLine[], now = new Date()): Promise<WriteResult> {
  return transaction(db, async (trx) => {
    const ctx = await writeContext(trx, actor, retailerId, now);
    if ('error' in ctx) return { ok: false, reason: ctx.error! };
    const catalogue = await catalogueFor(trx, ctx.cycle.id, ctx.retailer.grade, requestedSpecIds(lines));
    const checked = checkOrder(lines, specMap(catalogue));
    if (checked.lineProblems.length || checked.orderProblems.length) {
      return { ok: false, reason: 'invalid', lineProblems: checked.lineProblems, orderProblems: checked.orderProblems };
    }
    const nowIso = now.toISOString();
    const order = await lockOrder(trx, ctx.retailer.id, ctx.cycle.id, nowIso);
    const wasPlaced = PLACED_STATUSES.includes(order.status);
    const existing = await trx.selectFrom('orderLines').select(['specId', 'qtyRequestedCartons']).where('orderId', '=', order.id).execute();
    if (order.status === 'submitted' && sameLines(existing, checked.lines)) {
      // A repeat of what is already submitted (double tap, retry, second tab): nothing to do.
      await replaceLines(trx, 'cartLines', order.id, checked.lines.map((l) => ({ orderId: order.id, specId: l.specId, qtyCartons: l.qtyCartons })));
      return { ok: true, orderId: order.id, status: 'submitted' };
    }
    // The suggestion in force at submit is kept on each line (配货匹配率 compares against it).
    const suggested = new Map(
      (await trx.selectFrom('suggestions').select(['specId', 'suggestedCartons']).where('cycleId', '=', ctx.cycle.id).where('retailerId', '=', ctx.retailer.id).execute()).map((s) => [
        s.specId,
        s.suggestedCartons,
      ]),
    );
    const reasons = new Map(lines.map((l) => [l.specId, l.reason ?? null]));
    await replaceLines(
      trx,
      'orderLines',
      order.id,
      checked.lines.map((l) => ({
        orderId: order.id,
        specId: l.specId,
        qtyRequestedCartons: l.qtyCartons,
        capCartons: l.capCartons,
        suggestedCartons: suggested.get(l.specId) ?? null,
        qtyAllocatedCartons: null,
        unitPriceFen: l.unitPriceFen,
        qtyReceivedCartons: null,
        deviationReason: suggested.has(l.specId) && suggested.get(l.specId) !== l.qtyCartons ? reasons.get(l.specId) ?? null : null,
      })),
    );
    await replaceLines(trx, 'cartLines', order.id, checked.lines.map((l) => ({ orderId: order.id, specId: l.specId, qtyCartons: l.qtyCartons })));
    const onBehalf = actor.role === 'retailer' ? 0 : 1;
    await trx
      .updateTable('orders')
      .set({
        status: 'submitted',
        submittedByUserId: actor.userId,
        onBehalf,
        submittedAt: nowIso,
        totalCartons: checked.totals.totalCartons,
        totalAmountFen: checked.totals.totalAmountFen,
        failureReason: null,
        updatedAt: nowIso,
      })
      .where('id', '=', order.id)
      .execute();
    await trx
      .insertInto('orderEvents')
      .values({
        orderId: order.id,
        at: nowIso,
        actorUserId: actor.userId,
        onBehalf,
        kind: wasPlaced ? 'changed' : 'submitted',
        totalCartons: checked.totals.totalCartons,
        totalAmountFen: checked.totals.totalAmountFen,
      })
      .execute();
    // The monitoring roll-ups recompute this shop's cycle before the staff page next reads them.
    await markRollupsDirty(trx, ctx.retailer.id, ctx.cycle.startsOn);
    return { ok: true, orderId: order.id, status: 'submitted' };
  });
}

function sameLines(existing: Array<{ specId: number; qtyRequestedCartons: number }>, next: RequestedLine[]): boolean {
  if (existing.length !== next.length) return false;
  const byId = new Map(existing.map((l) => [l.specId, l.qtyRequestedCartons]));
  return next.every((l) => byId.get(l.specId) === l.qtyCartons);
}

/** Cancels this cycle's order before the cut-off; its lines stay for the record. */
export async function cancelOrder(db: DB, actor: Actor, retailerId: number, now = new Date()): Promise<WriteResult> {
  return transaction(db, async (trx) => {
    const ctx = await writeContext(trx, actor, retailerId, now);
    if ('error' in ctx) return { ok: false, reason: ctx.error! };
    const order = await trx.selectFrom('orders').selectAll().where('retailerId', '=', ctx.retailer.id).where('cycleId', '=', ctx.cycle.id).executeTakeFirst();
    if (!order || !['draft', 'submitted'].includes(order.status)) return { ok: false, reason: 'not_changeable' };
    const nowIso = now.toISOString();
    await trx.updateTable('orders').set({ status: 'cancelled', updatedAt: nowIso }).where('id', '=', order.id).execute();
    await trx.deleteFrom('cartLines').where('orderId', '=', order.id).execute();
    await trx
      .insertInto('orderEvents')
      .values({ orderId: order.id, at: nowIso, actorUserId: actor.userId, onBehalf: actor.role === 'retailer' ? 0 : 1, kind: 'cancelled', totalCartons: order.totalCartons, totalAmountFen: order.totalAmountFen })
      .execute();
    await markRollupsDirty(trx, ctx.retailer.id, ctx.cycle.startsOn);
    return { ok: true, orderId: order.id, status: 'cancelled' };
  });
}

/** A retailer's orders, newest first (drafts that never held a line are left out). */
export async function orderHistory(db: DB, user: ScopeUser, retailerId: number, limit = 52) {
  return db
    .selectFrom('orders')
    .innerJoin('orderCycles', 'orderCycles.id', 'orders.cycleId')
    .leftJoin('users', 'users.id', 'orders.submittedByUserId')
    .select((eb) => [
      'orders.id',
      'orderCycles.code as cycleCode',
      'orderCycles.startsOn',
      'orders.status',
      'orders.submittedAt',
      'orders.onBehalf',
      'orders.totalCartons',
      'orders.totalAmountFen',
      'orders.failureReason',
      'users.displayName as submittedBy',
      eb.selectFrom('orderLines').select((e) => e.fn.countAll<number>().as('n')).whereRef('orderLines.orderId', '=', 'orders.id').as('lineCount'),
      eb
        .selectFrom('orderLines')
        .select((e) => e.fn.sum<number>('orderLines.qtyAllocatedCartons').as('n'))
        .whereRef('orderLines.orderId', '=', 'orders.id')
        .as('allocatedCartons'),
    ])
    .where('orders.retailerId', '=', retailerId)
    .where(retailerInScope(user, 'orders.retailerId'))
    .where((eb) => eb.or([eb('orders.status', '!=', 'draft'), eb('orders.totalCartons', '>', 0)]))
    .orderBy('orderCycles.startsOn', 'desc')
    .limit(limit)
    .execute();
}

/** One order with its lines; null when it does not exist or is not in the user's scope. */
export async function orderDetail(db: DB, user: ScopeUser, orderId: number) {
  const order = await db
    .selectFrom('orders')
    .innerJoin('orderCycles', 'orderCycles.id', 'orders.cycleId')
    .innerJoin('retailers', 'retailers.id', 'orders.retailerId')
    .leftJoin('users', 'users.id', 'orders.submittedByUserId')
    .select([
      'orders.id',
      'orders.retailerId',
      'orders.status',
      'orders.submittedAt',
      'orders.onBehalf',
      'orders.totalCartons',
      'orders.totalAmountFen',
      'orders.failureReason',
      'orders.deliveredOn',
      'orders.receiptConfirmedAt',
      'orderCycles.code as cycleCode',
      'retailers.name as retailerName',
      'retailers.licenceNo',
      'users.displayName as submittedBy',
    ])
    .where('orders.id', '=', orderId)
    .where(retailerInScope(user, 'orders.retailerId'))
    .executeTakeFirst();
  if (!order) return null;
  const lines = await db
    .selectFrom('orderLines')
    .innerJoin('specs', 'specs.id', 'orderLines.specId')
    .select([
      'orderLines.specId',
      'specs.code',
      'specs.name',
      'specs.brand',
      'specs.cartonBarcode',
      'orderLines.qtyRequestedCartons',
      'orderLines.qtyAllocatedCartons',
      'orderLines.qtyReceivedCartons',
      'orderLines.capCartons',
      'orderLines.unitPriceFen',
    ])
    .where('orderLines.orderId', '=', order.id)
    .orderBy('specs.brand')
    .orderBy('specs.name')
    .execute();
  return { ...order, lines };
}

/** Every order line of a retailer, for its own export (newest cycle first). */
export async function orderLinesForExport(db: DB, user: ScopeUser, retailerId: number) {
  return db
    .selectFrom('orderLines')
    .innerJoin('orders', 'orders.id', 'orderLines.orderId')
    .innerJoin('orderCycles', 'orderCycles.id', 'orders.cycleId')
    .innerJoin('specs', 'specs.id', 'orderLines.specId')
    .select([
      'orderCycles.code as cycleCode',
      'orders.status',
      'orders.submittedAt',
      'specs.code as specCode',
      'specs.name as specName',
      'specs.cartonBarcode',
      'orderLines.qtyRequestedCartons',
      'orderLines.qtyAllocatedCartons',
      'orderLines.unitPriceFen',
      sql<number>`order_lines.qty_requested_cartons * order_lines.unit_price_fen`.as('amountFen'),
    ])
    .where('orders.retailerId', '=', retailerId)
    .where(retailerInScope(user, 'orders.retailerId'))
    .where('orders.status', '!=', 'draft')
    .orderBy('orderCycles.startsOn', 'desc')
    .orderBy('specs.name')
    .execute();
}
