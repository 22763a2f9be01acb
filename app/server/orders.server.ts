/**
 * Ordering for one retailer, by the retailer itself or its account manager (recorded as on its behalf).
 * Every function finds the retailer through `retailerInScope`, so an id from a request can never reach
 * another shop. Writes happen in one transaction and re-check the window inside it.
 */
import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { WriteResult } from '~/domain/order-answers';
import type { OrderingContextResult } from '~/domain/ordering-context';
import { capForGrade, checkOrder, depositShortfallFen, type LineProblem, type OrderableSpec, type RequestedLine } from '~/domain/ordering';
import { cutoffOf, deliveryDayOf, mayOrder, orderDayOf, pickOrderingCycle, windowStateAt } from '~/domain/cycle';
import { addDays, mondayOf, shanghaiDayOf } from '~/domain/time';
import { jsonColumns, lockColumn, readJsonColumns, writeTogether, type Write } from '../../db/dialect';
import type { Database, OrderStatus } from '../../db/schema';
import type { DB } from './db.server';
import { checkChange, orderVersion, type ChangeGuard } from './order-changes.server';
import { rollupsDirtyInsert } from './rollups.server';
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

/** The cycles a shop may be ordering in at `now`: those ending from last week's Monday on (at most 4). */
function candidateCyclesFrom(now: Date): string {
  return addDays(mondayOf(shanghaiDayOf(now)), -7);
}

export async function orderingCycle(db: Tx, orderWeekday: number, now: Date) {
  const cycles = await db.selectFrom('orderCycles').selectAll().where('endsOn', '>=', candidateCyclesFrom(now)).orderBy('startsOn').limit(4).execute();
  return pickOrderingCycle(cycles, orderWeekday, now);
}

/** Every spec with this retailer's cap for the cycle: the order page's catalogue (writes use specsForWrite). */
async function catalogueFor(db: Tx, cycleId: number, grade: number) {
  const [specs, caps] = await Promise.all([
    db
      .selectFrom('specs')
      .select(['id', 'code', 'name', 'brand', 'priceClass', 'packBarcode', 'cartonBarcode', 'wholesalePriceFenPerCarton', 'retailPriceFenPerCarton', 'isScarce', 'isNew', 'isOrderable', 'isDiscontinued'])
      .orderBy('priceClass')
      .orderBy('brand')
      .orderBy('name')
      .execute(),
    db.selectFrom('caps').select(['specId', 'gradeFrom', 'gradeTo', 'capCartons']).where('cycleId', '=', cycleId).where('gradeFrom', '<=', grade).where('gradeTo', '>=', grade).execute(),
  ]);
  const bandsBySpec = new Map<number, typeof caps>();
  for (const c of caps) bandsBySpec.set(c.specId, [...(bandsBySpec.get(c.specId) ?? []), c]);
  return specs.map((s) => ({ ...s, capCartons: capForGrade(bandsBySpec.get(s.id) ?? [], grade) }));
}

/**
 * The specs a write names, each with this retailer's cap for the cycle, in one query (caps joined; a spec may
 * match several grade bands). With `suggestionsOf`, also the suggestion in force for that retailer and cycle.
 */
async function specsForWrite(db: Tx, cycleId: number, grade: number, specIds: number[], suggestionsOf?: number) {
  const specs = new Map<number, OrderableSpec>();
  const suggested = new Map<number, number>();
  if (specIds.length === 0) return { specs, suggested };
  const rows = await db
    .selectFrom('specs')
    .leftJoin('caps', (join) =>
      join.onRef('caps.specId', '=', 'specs.id').on('caps.cycleId', '=', cycleId).on('caps.gradeFrom', '<=', grade).on('caps.gradeTo', '>=', grade),
    )
    .leftJoin('suggestions', (join) =>
      join
        .onRef('suggestions.specId', '=', 'specs.id')
        .on('suggestions.cycleId', '=', cycleId)
        // No retailer id 0 exists: without `suggestionsOf` the join finds nothing.
        .on('suggestions.retailerId', '=', suggestionsOf ?? 0),
    )
    .select([
      'specs.id',
      'specs.isOrderable',
      'specs.isDiscontinued',
      'specs.wholesalePriceFenPerCarton',
      'caps.gradeFrom',
      'caps.gradeTo',
      'caps.capCartons',
      'suggestions.suggestedCartons',
    ])
    .where('specs.id', 'in', specIds)
    .execute();
  const bandsBySpec = new Map<number, Array<{ gradeFrom: number; gradeTo: number; capCartons: number }>>();
  for (const r of rows) {
    if (r.capCartons !== null && r.gradeFrom !== null && r.gradeTo !== null) {
      bandsBySpec.set(r.id, [...(bandsBySpec.get(r.id) ?? []), { gradeFrom: r.gradeFrom, gradeTo: r.gradeTo, capCartons: r.capCartons }]);
    }
    if (r.suggestedCartons !== null) suggested.set(r.id, r.suggestedCartons);
  }
  for (const r of rows) {
    if (specs.has(r.id)) continue;
    specs.set(r.id, {
      id: r.id,
      isOrderable: r.isOrderable,
      isDiscontinued: r.isDiscontinued,
      wholesalePriceFenPerCarton: r.wholesalePriceFenPerCarton,
      capCartons: capForGrade(bandsBySpec.get(r.id) ?? [], grade),
    });
  }
  return { specs, suggested };
}

/** The distinct, sane spec ids of a request (a request cannot make the query huge). */
function requestedSpecIds(lines: RequestedLine[]): number[] {
  return [...new Set(lines.map((l) => l.specId).filter((id) => Number.isSafeInteger(id) && id > 0))];
}

/** Everything the order page needs (its type: app/domain/ordering-context.ts). Null when the retailer is not in the user's scope. */
export async function orderingContext(db: DB, user: ScopeUser, retailerId: number, now = new Date()): Promise<OrderingContextResult | null> {
  const retailer = await scopedRetailer(db, user, retailerId);
  if (!retailer) return null;
  const cycle = await orderingCycle(db, retailer.orderWeekday, now);
  if (!cycle) return { retailer, cycle: null };

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
      .select((eb) => ['orderLines.specId', eb.fn.countAll<number | string>().as('times')])
      .where('orders.retailerId', '=', retailer.id)
      .where('orderCycles.startsOn', '>=', addDays(cycle.startsOn, -7 * 8))
      .groupBy('orderLines.specId')
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

  // The cart starts as the submitted lines when the shop has not edited since; a cancelled order's lines stay
  // cancelled (its cart was emptied by the cancel).
  const cartLines = cart.length || !submitted.length || order?.status === 'cancelled' ? cart : submitted.map((l) => ({ specId: l.specId, qtyCartons: l.qtyRequestedCartons }));
  const submittedKey = JSON.stringify(submitted.map((l) => [l.specId, l.qtyRequestedCartons]).sort());
  const cartKey = JSON.stringify(cartLines.filter((l) => l.qtyCartons > 0).map((l) => [l.specId, l.qtyCartons]).sort());
  const totalAmountFen = order?.totalAmountFen ?? 0;
  // What a change kept on the phone is made against (order-changes.server.ts).
  const version = order ? orderVersion({ status: order.status, lines: submitted.map((l) => [l.specId, l.qtyRequestedCartons]), cart: cart.map((l) => [l.specId, l.qtyCartons]) }) : null;

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
    // The most often ordered first (the order list shows them first), ties by spec id.
    previouslyOrdered: recentSpecIds
      .map((r) => ({ specId: r.specId, times: Number(r.times) }))
      .sort((a, b) => b.times - a.times || a.specId - b.specId)
      .map((r) => r.specId),
    events,
    version,
    now: now.toISOString(),
  };
}

/** What a write answers: ~/domain/order-answers.ts (the page's code reads it from there). */
export type { WriteResult };

type Actor = ScopeUser;

/** An arbitrary application-wide key for the lock (with the retailer id) that runs one shop's order writes one at a time. */
const ORDER_WRITE_LOCK_KEY = 7_007_002;

/**
 * Loads what a write needs inside the transaction and refuses when the window is not open: the retailer and the
 * candidate cycles come in one query. The same query takes a lock on this shop's order writes (lockColumn), so two
 * writes of one shop (a double tap, two tabs) run one after the other, and every later statement of the
 * transaction sees what the previous write committed.
 */
async function writeContext(trx: Transaction<Database>, actor: Actor, retailerId: number, now: Date) {
  const rows = await trx
    .selectFrom('retailers')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('orderCycles')
          .select(['id', 'startsOn', 'endsOn', 'opensAt', 'cutoffLocalTime', 'leadDays', 'status'])
          .where('endsOn', '>=', candidateCyclesFrom(now))
          .orderBy('startsOn')
          .limit(4)
          .as('c'),
      (join) => join.onTrue(),
    )
    .select([
      'retailers.id',
      'retailers.grade',
      'retailers.orderWeekday',
      'retailers.active',
      'c.id as cycleId',
      'c.startsOn',
      'c.endsOn',
      'c.opensAt',
      'c.cutoffLocalTime',
      'c.leadDays',
      'c.status',
      lockColumn(trx, ORDER_WRITE_LOCK_KEY, sql.ref('retailers.id')).as('locked'),
    ])
    .where('retailers.id', '=', retailerId)
    .where(retailerInScope(actor, 'retailers.id'))
    .execute();
  const first = rows[0];
  if (!first || !first.active) return { error: 'not_found' as const };
  const retailer = { id: first.id, grade: first.grade, orderWeekday: first.orderWeekday };
  const cycles = rows.flatMap((r) =>
    r.cycleId === null
      ? []
      : [{ id: r.cycleId, startsOn: r.startsOn!, endsOn: r.endsOn!, opensAt: r.opensAt!, cutoffLocalTime: r.cutoffLocalTime!, leadDays: r.leadDays!, status: r.status! }],
  );
  const cycle = pickOrderingCycle(cycles, retailer.orderWeekday, now);
  if (!cycle) return { error: 'no_cycle' as const };
  if (!mayOrder(cycle, retailer.orderWeekday, now)) {
    // A cycle staff have not opened yet reads as "not open", whatever the clock says.
    const closed = windowStateAt(now, cycle, retailer.orderWeekday) === 'closed';
    return { error: closed ? ('window_closed' as const) : ('window_not_open' as const) };
  }
  return { retailer, cycle };
}

/** An order's lines or cart as `[[spec ids], [quantities]]` (jsonColumns), read in the statement that locks the order. */
function linesOf(trx: Transaction<Database>, table: 'order_lines' | 'cart_lines'): RawBuilder<string | null> {
  const qty = table === 'order_lines' ? 'qty_requested_cartons' : 'qty_cartons';
  return sql<string | null>`(select ${jsonColumns(trx, [sql.ref('spec_id'), sql.ref(qty)])} from ${sql.table(table)} where order_id = orders.id)`;
}

function readLines(json: string | null): Map<number, number> {
  const [specIds, qtys] = readJsonColumns(json, 2);
  return new Map(specIds!.map((specId, i) => [specId, qtys![i]!]));
}

/**
 * The order row for this retailer and cycle, created as a draft when missing, in one statement that also
 * returns it with its current lines and cart. The conflict branch writes the row (its
 * updated_at), which on PostgreSQL locks it for this transaction; SQLite runs one writer at a time anyway.
 * The lines read here are current because writeContext already holds the shop's write lock (a statement that
 * waited for a row lock would otherwise still read with the snapshot it started with).
 */
async function lockOrder(trx: Transaction<Database>, retailerId: number, cycleId: number, now: string) {
  const row = await trx
    .insertInto('orders')
    .values({ retailerId, cycleId, status: 'draft', submittedByUserId: null, onBehalf: 0, submittedAt: null, totalCartons: 0, totalAmountFen: 0, failureReason: null, createdAt: now, updatedAt: now, deliveredOn: null, receiptConfirmedAt: null })
    .onConflict((oc) => oc.columns(['retailerId', 'cycleId']).doUpdateSet({ updatedAt: now }))
    .returning(['id', 'status', linesOf(trx, 'order_lines').as('lines'), linesOf(trx, 'cart_lines').as('cart')])
    .executeTakeFirstOrThrow();
  return { id: row.id, status: row.status, lines: readLines(row.lines), cart: readLines(row.cart) };
}

/** The writes that make the order's cart exactly these lines, touching only what differs from the cart it holds. */
function cartWrites(trx: Tx, orderId: number, current: Map<number, number>, lines: Map<number, number>): Write[] {
  const removed = [...current.keys()].filter((specId) => !lines.has(specId));
  const changed = [...lines].filter(([specId, qty]) => current.get(specId) !== qty);
  const writes: Write[] = [];
  if (removed.length) writes.push(trx.deleteFrom('cartLines').where('orderId', '=', orderId).where('specId', 'in', removed));
  if (changed.length) {
    writes.push(
      trx
        .insertInto('cartLines')
        .values(changed.map(([specId, qtyCartons]) => ({ orderId, specId, qtyCartons })))
        .onConflict((oc) => oc.columns(['orderId', 'specId']).doUpdateSet((eb) => ({ qtyCartons: eb.ref('excluded.qtyCartons') }))),
    );
  }
  return writes;
}

/** Null-safe "these columns differ" between the stored row and the proposed one (row values; SQLite reads `is distinct from` too). */
function rowDiffers(table: string, columns: string[]): RawBuilder<boolean> {
  const stored = sql.join(columns.map((c) => sql.ref(`${table}.${c}`)));
  const proposed = sql.join(columns.map((c) => sql.ref(`excluded.${c}`)));
  return sql<boolean>`(${stored}) is distinct from (${proposed})`;
}

function transaction<T>(db: DB, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
}

/**
 * Keeps the cart on the server (a draft order, or pending changes to a submitted one). With a `guard`, the change
 * was kept on the shop's phone and is checked first (order-changes.server.ts).
 */
export async function saveCart(db: DB, actor: Actor, retailerId: number, lines: RequestedLine[], now = new Date(), guard?: ChangeGuard): Promise<WriteResult> {
  return transaction(db, async (trx) => {
    const ctx = await writeContext(trx, actor, retailerId, now);
    if (guard) {
      const guarded = await checkChange(trx, actor, retailerId, guard, 'save', lines, 'error' in ctx ? null : ctx.cycle.id);
      if (guarded.kind === 'applied') return { ok: true, orderId: guarded.orderId, status: guarded.status, version: guarded.version };
      if (guarded.kind === 'refused') return guarded.refusal;
    }
    if ('error' in ctx) return { ok: false, reason: ctx.error! };
    const { specs } = await specsForWrite(trx, ctx.cycle.id, ctx.retailer.grade, requestedSpecIds(lines));
    // The cart may hold a quantity above a cap (the page shows it); it may not hold what could never be an order.
    const bad = lines.flatMap((l) =>
      !Number.isInteger(l.qtyCartons) || l.qtyCartons < 0 || l.qtyCartons > 10_000 || !specs.has(l.specId)
        ? [{ specId: l.specId, problem: { code: specs.has(l.specId) ? 'not_whole_cartons' : 'unknown_spec' } satisfies LineProblem }]
        : [],
    );
    if (bad.length) return { ok: false, reason: 'invalid', lineProblems: bad, orderProblems: [] };
    const nowIso = now.toISOString();
    const order = await lockOrder(trx, ctx.retailer.id, ctx.cycle.id, nowIso);
    const status = order.status === 'cancelled' || order.status === 'failed' ? 'draft' : order.status;
    const cart = new Map(lines.filter((l) => l.qtyCartons > 0).map((l) => [l.specId, l.qtyCartons]));
    await writeTogether(trx, [...cartWrites(trx, order.id, order.cart, cart), trx.updateTable('orders').set({ status, updatedAt: nowIso }).where('id', '=', order.id)]);
    return { ok: true, orderId: order.id, status, ...(guard ? { version: orderVersion({ status, lines: order.lines, cart }) } : {}) };
  });
}

const ORDER_LINE_COLUMNS = ['qty_requested_cartons', 'cap_cartons', 'suggested_cartons', 'qty_allocated_cartons', 'unit_price_fen', 'qty_received_cartons', 'deviation_reason'];

/**
 * Submits the order with exactly these lines. Idempotent: the same submit twice (a double tap, a retry after a
 * lost response, two tabs) leaves one order with those lines. Nothing is written when any line is refused.
 * The lines are written as a difference (new and changed lines upserted, dropped lines deleted), which leaves
 * the same rows as rewriting them all and writes far less on a change of one quantity.
 */
export async function submitOrder(db: DB, actor: Actor, retailerId: number, lines: RequestedLine[], now = new Date(), guard?: ChangeGuard): Promise<WriteResult> {
  return transaction(db, async (trx) => {
    const ctx = await writeContext(trx, actor, retailerId, now);
    if (guard) {
      const guarded = await checkChange(trx, actor, retailerId, guard, 'submit', lines, 'error' in ctx ? null : ctx.cycle.id);
      if (guarded.kind === 'applied') return { ok: true, orderId: guarded.orderId, status: guarded.status, version: guarded.version };
      if (guarded.kind === 'refused') return guarded.refusal;
    }
    if ('error' in ctx) return { ok: false, reason: ctx.error! };
    // The suggestion in force at submit is kept on each line (配货匹配率 compares against it).
    const { specs, suggested } = await specsForWrite(trx, ctx.cycle.id, ctx.retailer.grade, requestedSpecIds(lines), ctx.retailer.id);
    const checked = checkOrder(lines, specs);
    if (checked.lineProblems.length || checked.orderProblems.length) {
      return { ok: false, reason: 'invalid', lineProblems: checked.lineProblems, orderProblems: checked.orderProblems };
    }
    const nowIso = now.toISOString();
    const order = await lockOrder(trx, ctx.retailer.id, ctx.cycle.id, nowIso);
    const wasPlaced = PLACED_STATUSES.includes(order.status);
    const cart = new Map(checked.lines.map((l) => [l.specId, l.qtyCartons]));
    // The phone's change learns the order's version (order-changes.server.ts); other writers need not.
    const version = guard ? { version: orderVersion({ status: 'submitted', lines: cart, cart }) } : {};
    if (order.status === 'submitted' && sameLines(order.lines, checked.lines)) {
      // A repeat of what is already submitted (double tap, retry, second tab): nothing to do.
      await writeTogether(trx, cartWrites(trx, order.id, order.cart, cart));
      return { ok: true, orderId: order.id, status: 'submitted', ...version };
    }
    const reasons = new Map(lines.map((l) => [l.specId, l.reason ?? null]));
    const removed = [...order.lines.keys()].filter((specId) => !cart.has(specId));
    const onBehalf = actor.role === 'retailer' ? 0 : 1;
    // One statement on PostgreSQL: the lines (dropped ones deleted, the rest upserted), the cart, the order, its event,
    // and the roll-ups' mark (the monitoring roll-ups recompute this shop's cycle before the staff page next reads them).
    await writeTogether(trx, [
      ...(removed.length ? [trx.deleteFrom('orderLines').where('orderId', '=', order.id).where('specId', 'in', removed)] : []),
      trx
        .insertInto('orderLines')
        .values(
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
        )
        .onConflict((oc) =>
          oc
            .columns(['orderId', 'specId'])
            .doUpdateSet((eb) => ({
              qtyRequestedCartons: eb.ref('excluded.qtyRequestedCartons'),
              capCartons: eb.ref('excluded.capCartons'),
              suggestedCartons: eb.ref('excluded.suggestedCartons'),
              qtyAllocatedCartons: eb.ref('excluded.qtyAllocatedCartons'),
              unitPriceFen: eb.ref('excluded.unitPriceFen'),
              qtyReceivedCartons: eb.ref('excluded.qtyReceivedCartons'),
              deviationReason: eb.ref('excluded.deviationReason'),
            }))
            // A line that stays as it was is not written again.
            .where(rowDiffers('order_lines', ORDER_LINE_COLUMNS)),
        ),
      ...cartWrites(trx, order.id, order.cart, cart),
      trx
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
        .where('id', '=', order.id),
      trx.insertInto('orderEvents').values({
        orderId: order.id,
        at: nowIso,
        actorUserId: actor.userId,
        onBehalf,
        kind: wasPlaced ? 'changed' : 'submitted',
        totalCartons: checked.totals.totalCartons,
        totalAmountFen: checked.totals.totalAmountFen,
      }),
      rollupsDirtyInsert(trx, ctx.retailer.id, ctx.cycle.startsOn),
    ]);
    return { ok: true, orderId: order.id, status: 'submitted', ...version };
  });
}

function sameLines(existing: Map<number, number>, next: RequestedLine[]): boolean {
  return existing.size === next.length && next.every((l) => existing.get(l.specId) === l.qtyCartons);
}

/** Cancels this cycle's order before the cut-off; its lines stay for the record. */
export async function cancelOrder(db: DB, actor: Actor, retailerId: number, now = new Date()): Promise<WriteResult> {
  return transaction(db, async (trx) => {
    const ctx = await writeContext(trx, actor, retailerId, now);
    if ('error' in ctx) return { ok: false, reason: ctx.error! };
    const order = await trx.selectFrom('orders').selectAll().where('retailerId', '=', ctx.retailer.id).where('cycleId', '=', ctx.cycle.id).executeTakeFirst();
    if (!order || !['draft', 'submitted'].includes(order.status)) return { ok: false, reason: 'not_changeable' };
    const nowIso = now.toISOString();
    await writeTogether(trx, [
      trx.updateTable('orders').set({ status: 'cancelled', updatedAt: nowIso }).where('id', '=', order.id),
      trx.deleteFrom('cartLines').where('orderId', '=', order.id),
      trx
        .insertInto('orderEvents')
        .values({ orderId: order.id, at: nowIso, actorUserId: actor.userId, onBehalf: actor.role === 'retailer' ? 0 : 1, kind: 'cancelled', totalCartons: order.totalCartons, totalAmountFen: order.totalAmountFen }),
      rollupsDirtyInsert(trx, ctx.retailer.id, ctx.cycle.startsOn),
    ]);
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
