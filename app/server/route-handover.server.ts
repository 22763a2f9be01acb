/**
 * Route hand-over (staff only, docs/staff.md): some or all of one account manager's shops move to another manager
 * from an effective day. The shop's current manager (retailers.managerId) changes, so the new manager sees the shops
 * and the old one no longer does; what the shop was before is kept in retailer_attribute_history, so every
 * by-manager figure of the days before stays with the manager who had the shop then (retailer-history.server.ts).
 * The shop's orders, notes, visits and issues belong to the shop and go with it.
 *
 * The effective day is today or a day before it (a hand-over recorded a few days late), never before the shop
 * came to its current manager, and at most HANDOVER_BACKDATE_DAYS back; a day to come is refused (a hand-over is
 * recorded on its day). The roll-ups from the effective day are summed again in the same transaction.
 */
import { addDays, isDay, shanghaiDayOf } from '~/domain/time';
import type { DB } from './db.server';
import { currentManagerSince, recordAttributeChanges } from './retailer-history.server';
import { resumRollups } from './rollups.server';
import type { ScopeUser } from './scope.server';

/** How far back a hand-over may take effect. */
export const HANDOVER_BACKDATE_DAYS = 31;
/** Most shops moved at once (a route is ~100–250). */
export const MAX_HANDOVER_SHOPS = 1000;

export type HandoverRefusal =
  | 'not_found'
  | 'same_manager'
  | 'no_shops'
  | 'future_day'
  | 'too_far_back'
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

export type HandoverResult = { ok: true; moved: number; effectiveOn: string } | { ok: false; reason: HandoverRefusal };

/** Moves the shops (all of them, or none: any refusal writes nothing). */
export async function handOverShops(db: DB, user: ScopeUser, input: HandoverInput, now = new Date()): Promise<HandoverResult> {
  if (user.role !== 'staff') return { ok: false, reason: 'not_found' };
  const { fromManagerId, toManagerId, effectiveOn } = input;
  if (!isDay(effectiveOn)) return { ok: false, reason: 'invalid' };
  const today = shanghaiDayOf(now);
  if (effectiveOn > today) return { ok: false, reason: 'future_day' };
  if (effectiveOn < addDays(today, -HANDOVER_BACKDATE_DAYS)) return { ok: false, reason: 'too_far_back' };
  if (fromManagerId === toManagerId) return { ok: false, reason: 'same_manager' };
  if (input.retailerIds !== 'all' && (input.retailerIds.length === 0 || input.retailerIds.length > MAX_HANDOVER_SHOPS)) return { ok: false, reason: 'no_shops' };

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
    const since = await currentManagerSince(trx, shops);
    if (shops.some((id) => (since.get(id) ?? '') > effectiveOn)) return { ok: false, reason: 'before_last_handover' };
    await recordAttributeChanges(
      trx,
      shops.map((retailerId) => ({ retailerId, set: { managerId: toManagerId } })),
      effectiveOn,
      'handover',
      user.userId,
      now,
    );
    // Days from the effective day already summed under the old manager move to the new one; earlier days stay.
    await resumRollups(trx, effectiveOn, today);
    return { ok: true, moved: shops.length, effectiveOn };
  });
}
