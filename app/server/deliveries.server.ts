/**
 * Deliveries book themselves: marking an order delivered records its allocated cartons as that day's
 * receipts for the shop (in packs), so stock stays right even for shops that never scan receipts. The shop
 * then confirms what arrived or reports a mismatch per line; a mismatch corrects the receipt and becomes a
 * data-quality issue its manager sees.
 */
import { isDay, shanghaiDayOf } from '~/domain/time';
import { cartonsToPacks } from '~/domain/units';
import type { DB } from './db.server';
import { refreshQualityIssues } from './quality.server';
import { markRollupsDirty } from './rollups.server';
import { retailerInScope, type ScopeUser } from './scope.server';

export type DeliveryResult = { ok: true } | { ok: false; reason: 'not_found' | 'not_deliverable' | 'already_confirmed' | 'invalid' | 'future_day' };

const DELIVERABLE = ['allocated', 'confirmed'];

/**
 * A delivery is recorded for a day that has come (Asia/Shanghai): a day ahead would book receipts — stock on the
 * shop's shelf — that have not arrived. Every path that records deliveries goes through markDelivered, which checks
 * it; the batch paths (cycle-admin.server.ts) check it first so they refuse before touching anything.
 */
export function deliveryDayRefusal(day: string, now: Date): 'invalid' | 'future_day' | null {
  if (!isDay(day)) return 'invalid';
  return day > shanghaiDayOf(now) ? 'future_day' : null;
}

/** An order's lines with what was allocated and how many packs a carton of each holds. */
function allocatedLines(db: DB, orderId: number) {
  return db
    .selectFrom('orderLines')
    .innerJoin('specs', 'specs.id', 'orderLines.specId')
    .select(['orderLines.specId', 'orderLines.qtyAllocatedCartons', 'specs.packsPerCarton'])
    .where('orderLines.orderId', '=', orderId)
    .execute();
}

/** Staff (or the delivery team) mark one order delivered on a day. */
export async function markDelivered(db: DB, user: ScopeUser, orderId: number, day: string, now = new Date()): Promise<DeliveryResult> {
  if (user.role !== 'staff') return { ok: false, reason: 'not_found' };
  const refusal = deliveryDayRefusal(day, now);
  if (refusal) return { ok: false, reason: refusal };
  return db.transaction().execute(async (trx) => {
    const order = await trx.selectFrom('orders').select(['id', 'retailerId', 'status']).where('id', '=', orderId).where(retailerInScope(user, 'orders.retailerId')).executeTakeFirst();
    if (!order) return { ok: false, reason: 'not_found' };
    if (!DELIVERABLE.includes(order.status)) return { ok: false, reason: 'not_deliverable' };
    const lines = await allocatedLines(trx, order.id);
    const nowIso = now.toISOString();
    const delivered = lines.filter((l) => (l.qtyAllocatedCartons ?? 0) > 0);
    const upload = await trx
      .insertInto('uploads')
      .values({ retailerId: order.retailerId, batchId: null, kind: 'receipts', source: 'delivery', businessDate: day, createdByUserId: user.userId, createdAt: nowIso, rowsAccepted: delivered.length, rowsRejected: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const l of delivered) {
      // A receipt the shop already scanned for that spec and day is its own truth and is left as it is.
      await trx
        .insertInto('receipts')
        .values({ retailerId: order.retailerId, specId: l.specId, receivedOn: day, qtyPacks: cartonsToPacks(l.qtyAllocatedCartons!, l.packsPerCarton), uploadId: upload.id, orderId: order.id })
        .onConflict((oc) => oc.columns(['retailerId', 'specId', 'receivedOn']).doNothing())
        .execute();
    }
    await trx.updateTable('orders').set({ status: 'delivered', deliveredOn: day, updatedAt: nowIso }).where('id', '=', order.id).execute();
    await markRollupsDirty(trx, order.retailerId, day);
    await refreshQualityIssues(trx, order.retailerId, now);
    return { ok: true };
  });
}

/** The shop (or its manager with it) confirms a delivery; lines whose received cartons differ are mismatches. */
export async function confirmDelivery(db: DB, user: ScopeUser, orderId: number, received: Array<{ specId: number; qtyReceivedCartons: number }>, now = new Date()): Promise<DeliveryResult> {
  return db.transaction().execute(async (trx) => {
    const order = await trx
      .selectFrom('orders')
      .select(['id', 'retailerId', 'status', 'deliveredOn', 'receiptConfirmedAt'])
      .where('id', '=', orderId)
      .where(retailerInScope(user, 'orders.retailerId'))
      .executeTakeFirst();
    if (!order) return { ok: false, reason: 'not_found' };
    if (order.status !== 'delivered' || !order.deliveredOn) return { ok: false, reason: 'not_deliverable' };
    if (order.receiptConfirmedAt) return { ok: false, reason: 'already_confirmed' };
    const lines = await allocatedLines(trx, order.id);
    const bySpec = new Map(lines.map((l) => [l.specId, l]));
    if (received.some((r) => !bySpec.has(r.specId) || !Number.isInteger(r.qtyReceivedCartons) || r.qtyReceivedCartons < 0 || r.qtyReceivedCartons > 10_000)) {
      return { ok: false, reason: 'invalid' };
    }
    const nowIso = now.toISOString();
    for (const r of received) {
      const line = bySpec.get(r.specId)!;
      const allocated = line.qtyAllocatedCartons ?? 0;
      if (r.qtyReceivedCartons === allocated) continue;
      await trx.updateTable('orderLines').set({ qtyReceivedCartons: r.qtyReceivedCartons }).where('orderId', '=', order.id).where('specId', '=', r.specId).execute();
      // The shelf got what arrived, not what was allocated.
      const qtyPacks = cartonsToPacks(r.qtyReceivedCartons, line.packsPerCarton);
      await trx.deleteFrom('receipts').where('retailerId', '=', order.retailerId).where('specId', '=', r.specId).where('receivedOn', '=', order.deliveredOn).where('orderId', '=', order.id).execute();
      if (qtyPacks > 0) {
        await trx
          .insertInto('receipts')
          .values({ retailerId: order.retailerId, specId: r.specId, receivedOn: order.deliveredOn, qtyPacks, uploadId: null, orderId: order.id })
          .onConflict((oc) => oc.columns(['retailerId', 'specId', 'receivedOn']).doUpdateSet({ qtyPacks }))
          .execute();
      }
      await trx
        .insertInto('qualityIssues')
        .values({
          retailerId: order.retailerId,
          issueKey: `delivery_mismatch:${r.specId}:${order.deliveredOn}`,
          kind: 'delivery_mismatch',
          specId: r.specId,
          day: order.deliveredOn,
          detailJson: JSON.stringify({ orderId: order.id, allocatedCartons: allocated, receivedCartons: r.qtyReceivedCartons }),
          status: 'open',
          foundAt: nowIso,
          resolvedAt: null,
          resolvedByUserId: null,
          resolutionNote: null,
        })
        .onConflict((oc) => oc.columns(['retailerId', 'issueKey']).doNothing())
        .execute();
    }
    await trx.updateTable('orders').set({ receiptConfirmedAt: nowIso, updatedAt: nowIso }).where('id', '=', order.id).execute();
    // What arrived may differ from what was allocated: the shop's stock figures change from the delivery day.
    if (received.some((r) => r.qtyReceivedCartons !== (bySpec.get(r.specId)!.qtyAllocatedCartons ?? 0))) await markRollupsDirty(trx, order.retailerId, order.deliveredOn);
    await refreshQualityIssues(trx, order.retailerId, now);
    return { ok: true };
  });
}
