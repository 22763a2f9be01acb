/**
 * Route hand-over (staff only, docs/staff.md): some or all of one account manager's shops move to another manager
 * from an effective day. The shop's current manager (retailers.managerId) changes, so the new manager sees the shops
 * and the old one no longer does; what the shop was before is kept in retailer_attribute_history, so every
 * by-manager figure of the days before stays with the manager who had the shop then (retailer-history.server.ts).
 * The shop's orders, notes, visits and issues belong to the shop and go with it.
 *
 * The effective day may be today or a day before it (a hand-over recorded a few days late: at most
 * HANDOVER_BACKDATE_DAYS back, never before the shop came to its current manager) — the shops move at once and the
 * roll-ups from that day are summed again in the same transaction — or a day to come (at most HANDOVER_AHEAD_DAYS
 * ahead): then nothing moves yet. The hand-over is kept as pending (scheduled_handovers, decision 0037), shown on
 * the page and cancellable, and the jobs runner applies it on its day (`queueDueHandovers` → the 'handovers' job →
 * `applyDueHandovers`), dated that day, however late the runner gets to it. A shop under a pending hand-over cannot
 * be handed over again until it is applied or cancelled.
 */
import type { Transaction } from 'kysely';
import { enqueueJob } from '../../db/jobs';
import type { Database } from '../../db/schema';
import type { HandoversJobResult } from '~/domain/jobs';
import { addDays, isDay, shanghaiDayOf } from '~/domain/time';
import type { DB } from './db.server';
import { currentManagerSince, recordAttributeChanges } from './retailer-history.server';
import { resumRollups } from './rollups.server';
import type { ScopeUser } from './scope.server';

/** How far back a hand-over may take effect. */
export const HANDOVER_BACKDATE_DAYS = 31;
/** How far ahead a hand-over may be dated (a leave or a new post is known a few weeks before). */
export const HANDOVER_AHEAD_DAYS = 60;
/** Most shops moved at once (a route is ~100–250). */
export const MAX_HANDOVER_SHOPS = 1000;

export type HandoverRefusal =
  | 'not_found'
  | 'same_manager'
  | 'no_shops'
  | 'too_far_ahead'
  | 'too_far_back'
  | 'pending_handover'
  | 'before_last_handover'
  | 'shop_moved'
  | 'invalid';

/** The managers staff can hand shops from and to, with their station and how many shops each has now. */
export async function handoverManagers(db: DB, user: ScopeUser) {
  if (user.role !== 'staff') return [];
  const rows = await db
    .selectFrom('accountManagers as m')
    .innerJoin('stations as s', 's.id', 'm.stationId')
    .leftJoin('retailers as r', (j) => j.onRef('r.managerId', '=', 'm.id').on('r.active', '=', 1))
    .select(['m.id', 'm.code', 'm.name', 's.nameZh as stationZh', 's.nameEn as stationEn', (eb) => eb.fn.count<number>('r.id').as('shops')])
    .groupBy(['m.id', 'm.code', 'm.name', 's.nameZh', 's.nameEn'])
    .orderBy('m.code')
    .execute();
  return rows.map((r) => ({ ...r, shops: Number(r.shops) }));
}

/** One manager's shops now (active first), with the day each came to this manager (null: always). */
export async function handoverShops(db: DB, user: ScopeUser, managerId: number) {
  if (user.role !== 'staff' || !Number.isSafeInteger(managerId)) return [];
  const shops = await db
    .selectFrom('retailers')
    .select(['id', 'licenceNo', 'name', 'orderWeekday', 'grade', 'active'])
    .where('managerId', '=', managerId)
    .orderBy('active', 'desc')
    .orderBy('licenceNo')
    .execute();
  const since = await currentManagerSince(
    db,
    shops.map((s) => s.id),
  );
  return shops.map((s) => ({ ...s, since: since.get(s.id) ?? null }));
}

/** The shops that moved to a manager, by hand-over, newest first (for the page's record). */
export async function recentHandovers(db: DB, user: ScopeUser, limit = 20) {
  if (user.role !== 'staff') return [];
  const rows = await db
    .selectFrom('retailerAttributeHistory as h')
    .innerJoin('accountManagers as fm', 'fm.id', 'h.managerId')
    .leftJoin('users as u', 'u.id', 'h.changedByUserId')
    .select((eb) => [
      'h.validTo as effectiveOn',
      'h.changedAt',
      'fm.name as fromName',
      'fm.code as fromCode',
      'u.displayName as byName',
      eb.fn.countAll<number>().as('shops'),
    ])
    .where('h.cause', '=', 'handover')
    .groupBy(['h.validTo', 'h.changedAt', 'fm.name', 'fm.code', 'u.displayName'])
    .orderBy('h.changedAt', 'desc')
    .orderBy('h.validTo', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, effectiveOn: String(r.effectiveOn), changedAt: String(r.changedAt), shops: Number(r.shops) }));
}

export interface HandoverInput {
  fromManagerId: number;
  toManagerId: number;
  /** The shops to move; 'all' = every shop the manager has now. */
  retailerIds: number[] | 'all';
  effectiveOn: string;
}

/** `scheduled`: the day is to come, the shops move then (`moved` is how many would move now). */
export type HandoverResult = { ok: true; moved: number; effectiveOn: string; scheduled: boolean } | { ok: false; reason: HandoverRefusal };

/**
 * Hands the shops over (all of them, or none: any refusal writes nothing): at once for today or a day before, or
 * kept as a pending hand-over for a day to come.
 */
export async function handOverShops(db: DB, user: ScopeUser, input: HandoverInput, now = new Date()): Promise<HandoverResult> {
  if (user.role !== 'staff') return { ok: false, reason: 'not_found' };
  const { fromManagerId, toManagerId, effectiveOn } = input;
  if (!isDay(effectiveOn)) return { ok: false, reason: 'invalid' };
  const today = shanghaiDayOf(now);
  if (effectiveOn > addDays(today, HANDOVER_AHEAD_DAYS)) return { ok: false, reason: 'too_far_ahead' };
  if (effectiveOn < addDays(today, -HANDOVER_BACKDATE_DAYS)) return { ok: false, reason: 'too_far_back' };
  if (fromManagerId === toManagerId) return { ok: false, reason: 'same_manager' };
  if (input.retailerIds !== 'all' && (input.retailerIds.length === 0 || input.retailerIds.length > MAX_HANDOVER_SHOPS)) return { ok: false, reason: 'no_shops' };
  const scheduled = effectiveOn > today;

  return db.transaction().execute(async (trx): Promise<HandoverResult> => {
    const managers = await trx.selectFrom('accountManagers').select('id').where('id', 'in', [fromManagerId, toManagerId]).execute();
    if (managers.length !== 2) return { ok: false, reason: 'not_found' };
    let query = trx.selectFrom('retailers').select('id').where('managerId', '=', fromManagerId);
    if (input.retailerIds !== 'all') query = query.where('id', 'in', input.retailerIds);
    const shops = (await query.orderBy('id').execute()).map((r) => r.id);
    if (!shops.length) return { ok: false, reason: 'no_shops' };
    if (shops.length > MAX_HANDOVER_SHOPS) return { ok: false, reason: 'no_shops' };
    // A shop picked that is no longer on this route (moved by someone else meanwhile) refuses the whole hand-over.
    if (input.retailerIds !== 'all' && shops.length !== new Set(input.retailerIds).size) return { ok: false, reason: 'shop_moved' };
    if (await underPendingHandover(trx, fromManagerId, shops)) return { ok: false, reason: 'pending_handover' };
    const since = await currentManagerSince(trx, shops);
    if (shops.some((id) => (since.get(id) ?? '') > effectiveOn)) return { ok: false, reason: 'before_last_handover' };
    if (scheduled) {
      const row = await trx
        .insertInto('scheduledHandovers')
        .values({
          fromManagerId,
          toManagerId,
          scope: input.retailerIds === 'all' ? 'all' : 'some',
          effectiveOn,
          status: 'pending',
          createdByUserId: user.userId,
          createdAt: now.toISOString(),
          cancelledByUserId: null,
          cancelledAt: null,
          appliedAt: null,
          movedShops: null,
          skippedShops: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (input.retailerIds !== 'all') {
        for (let i = 0; i < shops.length; i += 500) {
          await trx
            .insertInto('scheduledHandoverShops')
            .values(shops.slice(i, i + 500).map((retailerId) => ({ handoverId: row.id, retailerId })))
            .execute();
        }
      }
      return { ok: true, moved: shops.length, effectiveOn, scheduled: true };
    }
    await moveShops(trx, shops, toManagerId, effectiveOn, user.userId, today, now);
    return { ok: true, moved: shops.length, effectiveOn, scheduled: false };
  });
}

/** The move itself: history kept from the day, and the roll-ups from that day summed again (one transaction). */
async function moveShops(trx: Transaction<Database>, shops: number[], toManagerId: number, effectiveOn: string, byUserId: number | null, today: string, now: Date) {
  await recordAttributeChanges(
    trx,
    shops.map((retailerId) => ({ retailerId, set: { managerId: toManagerId } })),
    effectiveOn,
    'handover',
    byUserId,
    now,
  );
  // Days from the effective day already summed under the old manager move to the new one; earlier days stay.
  await resumRollups(trx, effectiveOn, today);
}

/** Whether a pending hand-over already covers one of these shops of this manager (its whole route, or the shop). */
async function underPendingHandover(trx: Transaction<Database>, fromManagerId: number, shops: readonly number[]): Promise<boolean> {
  const route = await trx.selectFrom('scheduledHandovers').select('id').where('status', '=', 'pending').where('scope', '=', 'all').where('fromManagerId', '=', fromManagerId).executeTakeFirst();
  if (route) return true;
  for (let i = 0; i < shops.length; i += 1000) {
    const hit = await trx
      .selectFrom('scheduledHandoverShops as s')
      .innerJoin('scheduledHandovers as h', 'h.id', 's.handoverId')
      .select('s.retailerId')
      .where('h.status', '=', 'pending')
      .where('s.retailerId', 'in', shops.slice(i, i + 1000))
      .executeTakeFirst();
    if (hit) return true;
  }
  return false;
}

/** The hand-overs still to come (and any due the runner has not applied yet), soonest first. */
export async function pendingHandovers(db: DB, user: ScopeUser) {
  if (user.role !== 'staff') return [];
  const rows = await db
    .selectFrom('scheduledHandovers as h')
    .innerJoin('accountManagers as fm', 'fm.id', 'h.fromManagerId')
    .innerJoin('accountManagers as tm', 'tm.id', 'h.toManagerId')
    .leftJoin('users as u', 'u.id', 'h.createdByUserId')
    .select(['h.id', 'h.effectiveOn', 'h.scope', 'h.fromManagerId', 'h.createdAt', 'fm.name as fromName', 'fm.code as fromCode', 'tm.name as toName', 'tm.code as toCode', 'u.displayName as byName'])
    .where('h.status', '=', 'pending')
    .orderBy('h.effectiveOn')
    .orderBy('h.id')
    .execute();
  if (!rows.length) return [];
  // 'some': the shops listed; 'all': the route as it is now (it moves as it is on the day).
  const routes = [...new Set(rows.filter((r) => r.scope === 'all').map((r) => r.fromManagerId))];
  const listed = rows.filter((r) => r.scope === 'some').map((r) => r.id);
  const [routeSizes, listSizes] = await Promise.all([
    routes.length
      ? db.selectFrom('retailers').select(['managerId as key', (eb) => eb.fn.countAll<number>().as('n')]).where('managerId', 'in', routes).groupBy('managerId').execute()
      : Promise.resolve([]),
    listed.length
      ? db.selectFrom('scheduledHandoverShops').select(['handoverId as key', (eb) => eb.fn.countAll<number>().as('n')]).where('handoverId', 'in', listed).groupBy('handoverId').execute()
      : Promise.resolve([]),
  ]);
  const routeSize = new Map(routeSizes.map((r) => [r.key, Number(r.n)]));
  const listSize = new Map(listSizes.map((r) => [r.key, Number(r.n)]));
  return rows.map(({ fromManagerId, ...r }) => ({
    ...r,
    scope: r.scope,
    effectiveOn: String(r.effectiveOn),
    createdAt: String(r.createdAt),
    shops: (r.scope === 'all' ? routeSize.get(fromManagerId) : listSize.get(r.id)) ?? 0,
  }));
}

/** Cancels a pending hand-over (nothing has moved yet); 'not_found' once it is applied, cancelled or unknown. */
export async function cancelHandover(db: DB, user: ScopeUser, handoverId: number, now = new Date()): Promise<{ ok: true } | { ok: false; reason: 'not_found' }> {
  if (user.role !== 'staff' || !Number.isSafeInteger(handoverId)) return { ok: false, reason: 'not_found' };
  const r = await db
    .updateTable('scheduledHandovers')
    .set({ status: 'cancelled', cancelledAt: now.toISOString(), cancelledByUserId: user.userId })
    .where('id', '=', handoverId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1 ? { ok: true } : { ok: false, reason: 'not_found' };
}

/** The runner's schedule (jobs.server.ts): queues the 'handovers' job once a pending hand-over's day has come. */
export async function queueDueHandovers(db: DB, now = new Date()): Promise<boolean> {
  const due = await db.selectFrom('scheduledHandovers').select('id').where('status', '=', 'pending').where('effectiveOn', '<=', shanghaiDayOf(now)).executeTakeFirst();
  if (!due) return false;
  await enqueueJob(db, { kind: 'handovers', payload: {}, requestedByUserId: null, now });
  return true;
}

/**
 * The 'handovers' job's body: every pending hand-over whose day has come, oldest day first, each in a transaction of
 * its own that claims it (pending → applied: a second instance, or a cancel at the same moment, finds it taken).
 * It moves the shops still on the route — dated its own day, even when applied days later, so the days before stay
 * with the old manager — and records how many moved and how many were left. Safe to run again: an applied row is
 * not pending any more.
 */
export async function applyDueHandovers(db: DB, progress: (done: number, total: number) => Promise<void> = () => Promise.resolve(), now = new Date()): Promise<HandoversJobResult> {
  const today = shanghaiDayOf(now);
  const due = await db.selectFrom('scheduledHandovers').select('id').where('status', '=', 'pending').where('effectiveOn', '<=', today).orderBy('effectiveOn').orderBy('id').execute();
  const result: HandoversJobResult = { applied: 0, moved: 0, skipped: 0 };
  for (const [i, { id }] of due.entries()) {
    await progress(i, due.length);
    const r = await db.transaction().execute(async (trx) => {
      const claimed = await trx.updateTable('scheduledHandovers').set({ status: 'applied', appliedAt: now.toISOString() }).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return null;
      const h = await trx.selectFrom('scheduledHandovers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const effectiveOn = String(h.effectiveOn);
      let listed: number;
      let onRoute: number[];
      if (h.scope === 'all') {
        onRoute = (await trx.selectFrom('retailers').select('id').where('managerId', '=', h.fromManagerId).orderBy('id').execute()).map((s) => s.id);
        listed = onRoute.length;
      } else {
        const rows = await trx
          .selectFrom('scheduledHandoverShops as s')
          .innerJoin('retailers as r', 'r.id', 's.retailerId')
          .select(['r.id', 'r.managerId'])
          .where('s.handoverId', '=', id)
          .orderBy('r.id')
          .execute();
        listed = rows.length;
        onRoute = rows.filter((s) => s.managerId === h.fromManagerId).map((s) => s.id);
      }
      // A shop that came to its manager after the day (moved meanwhile) stays: its later move is not undone.
      const since = await currentManagerSince(trx, onRoute);
      const moving = onRoute.filter((shopId) => (since.get(shopId) ?? '') <= effectiveOn);
      if (moving.length) await moveShops(trx, moving, h.toManagerId, effectiveOn, h.createdByUserId, today, now);
      await trx.updateTable('scheduledHandovers').set({ movedShops: moving.length, skippedShops: listed - moving.length }).where('id', '=', id).execute();
      return { moved: moving.length, skipped: listed - moving.length };
    });
    if (!r) continue;
    result.applied += 1;
    result.moved += r.moved;
    result.skipped += r.skipped;
  }
  await progress(due.length, due.length);
  return result;
}
