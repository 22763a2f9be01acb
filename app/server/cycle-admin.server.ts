/**
 * Running the cycle calendar (staff only): the weeks with their status, order days and delivery days; the
 * next cycle created; a cycle opened for ordering and closed after its last cut-off; its orders marked
 * delivered by route and day. Status moves one way: planned → open → closed → allocated → published →
 * delivered (allocation and publishing live in allocation.server.ts).
 */
import { cutoffOf, deliveryDayOf } from '~/domain/cycle';
import { addDays, daysInRange, isDay, isoWeekCode, isoWeekday, mondayOf, shanghaiDayOf, shanghaiToInstant } from '~/domain/time';
import type { CycleStatus } from '../../db/schema';
import type { DB } from './db.server';
import { deliveryDayRefusal, markDelivered } from './deliveries.server';
import { applyApprovedGrades } from './grading.server';
import type { ScopeUser } from './scope.server';

export type CycleAdminError = 'not_found' | 'bad_status' | 'cutoff_not_passed' | 'not_monday' | 'overlaps' | 'opens_too_late' | 'exists' | 'invalid' | 'future_day';
export type AdminResult<T = object> = ({ ok: true } & T) | { ok: false; reason: CycleAdminError };

const isStaff = (user: ScopeUser) => user.role === 'staff';

/** Active online shops per ISO weekday (1–7) of their order day. */
async function shopsByOrderWeekday(db: DB): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('retailers')
    .select(['orderWeekday', (eb) => eb.fn.countAll<number>().as('n')])
    .where('active', '=', 1)
    .where('isOnline', '=', 1)
    .groupBy('orderWeekday')
    .execute();
  return new Map(rows.map((r) => [r.orderWeekday, Number(r.n)]));
}

/** The last instant any shop may still order in the cycle (the cut-off of the latest order day in use). */
export function lastCutoffOf(cycle: { startsOn: string; cutoffLocalTime: string }, weekdays: Iterable<number>): string {
  const used = [...weekdays];
  const latest = used.length ? Math.max(...used) : 7;
  return cutoffOf(cycle, latest);
}

/** Weeks around today, oldest first: status, each day's order shops and cut-off, delivery days, order counts. */
export async function cycleCalendar(db: DB, now = new Date(), weeksBack = 4) {
  const from = addDays(mondayOf(shanghaiDayOf(now)), -7 * weeksBack);
  const [cycles, byWeekday] = await Promise.all([
    db.selectFrom('orderCycles').selectAll().where('endsOn', '>=', from).orderBy('startsOn').limit(20).execute(),
    shopsByOrderWeekday(db),
  ]);
  const counts = cycles.length
    ? await db
        .selectFrom('orders')
        .select(['cycleId', 'status', (eb) => eb.fn.countAll<number>().as('n')])
        .where(
          'cycleId',
          'in',
          cycles.map((c) => c.id),
        )
        .where('status', '!=', 'draft')
        .groupBy(['cycleId', 'status'])
        .execute()
    : [];
  return cycles.map((c) => {
    const days = daysInRange(c.startsOn, c.endsOn).map((day) => {
      const weekday = isoWeekday(day);
      const shops = byWeekday.get(weekday) ?? 0;
      return { day, weekday, orderShops: shops, cutoffAt: shops ? cutoffOf(c, weekday) : null, deliveryShops: 0 };
    });
    // Delivery days may fall in the next week; listed separately.
    const deliveries = [...byWeekday].sort((a, b) => a[0] - b[0]).map(([weekday, shops]) => ({ day: deliveryDayOf(c, weekday), shops }));
    const orders = Object.fromEntries(counts.filter((r) => r.cycleId === c.id).map((r) => [r.status, Number(r.n)])) as Partial<Record<string, number>>;
    return {
      id: c.id,
      code: c.code,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      opensAt: c.opensAt,
      cutoffLocalTime: c.cutoffLocalTime,
      leadDays: c.leadDays,
      status: c.status,
      lastCutoffAt: lastCutoffOf(c, byWeekday.keys()),
      days,
      deliveries: mergeByDay(deliveries),
      orders,
    };
  });
}

function mergeByDay(rows: Array<{ day: string; shops: number }>) {
  const map = new Map<string, number>();
  for (const r of rows) map.set(r.day, (map.get(r.day) ?? 0) + r.shops);
  return [...map].map(([day, shops]) => ({ day, shops }));
}

/** What the "create next cycle" form starts from: the week after the newest cycle, with its settings. */
export async function nextCycleDefaults(db: DB, now = new Date()) {
  const newest = await db.selectFrom('orderCycles').selectAll().orderBy('startsOn', 'desc').executeTakeFirst();
  const startsOn = newest ? addDays(newest.endsOn, 1) : addDays(mondayOf(shanghaiDayOf(now)), 7);
  return {
    startsOn,
    opensOn: addDays(startsOn, -2),
    opensTime: '09:00',
    cutoffLocalTime: (newest?.cutoffLocalTime ?? '17:00:00').slice(0, 5),
    leadDays: newest?.leadDays ?? 1,
    latestEndsOn: newest?.endsOn ?? null,
  };
}

export interface NewCycle {
  startsOn: string;
  opensOn: string;
  opensTime: string;
  cutoffLocalTime: string;
  leadDays: number;
}

export async function createCycle(db: DB, user: ScopeUser, input: NewCycle, now = new Date()): Promise<AdminResult<{ cycleId: number; code: string }>> {
  if (!isStaff(user)) return { ok: false, reason: 'not_found' };
  if (!isDay(input.startsOn) || !isDay(input.opensOn)) return { ok: false, reason: 'invalid' };
  if (isoWeekday(input.startsOn) !== 1) return { ok: false, reason: 'not_monday' };
  const cutoff = input.cutoffLocalTime.length === 5 ? `${input.cutoffLocalTime}:00` : input.cutoffLocalTime;
  const endsOn = addDays(input.startsOn, 6);
  const opensAt = shanghaiToInstant(input.opensOn, input.opensTime);
  // Ordering must open before the first order day's cut-off, or Monday's shops could never order.
  if (Date.parse(opensAt) >= Date.parse(shanghaiToInstant(input.startsOn, cutoff))) return { ok: false, reason: 'opens_too_late' };
  return db.transaction().execute(async (trx) => {
    const overlapping = await trx.selectFrom('orderCycles').select('id').where('startsOn', '<=', endsOn).where('endsOn', '>=', input.startsOn).executeTakeFirst();
    if (overlapping) return { ok: false, reason: 'overlaps' } as const;
    const code = isoWeekCode(input.startsOn);
    if (await trx.selectFrom('orderCycles').select('id').where('code', '=', code).executeTakeFirst()) return { ok: false, reason: 'exists' } as const;
    const row = await trx
      .insertInto('orderCycles')
      .values({ code, startsOn: input.startsOn, endsOn, opensAt, cutoffLocalTime: cutoff, leadDays: input.leadDays, status: 'planned', createdAt: now.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { ok: true, cycleId: row.id, code } as const;
  });
}

/** The order days (ISO weekdays) of the active online shops: a cycle's last cut-off is on the latest of them. */
export async function onlineOrderWeekdays(db: DB): Promise<number[]> {
  const rows = await db.selectFrom('retailers').select('orderWeekday').distinct().where('active', '=', 1).where('isOnline', '=', 1).execute();
  return rows.map((r) => r.orderWeekday);
}

export async function cycleById(db: DB, cycleId: number) {
  if (!Number.isSafeInteger(cycleId)) return undefined;
  return db.selectFrom('orderCycles').selectAll().where('id', '=', cycleId).executeTakeFirst();
}

/** Moves a cycle from one status to the next, only from the status expected (re-checked in the UPDATE). */
async function moveStatus(db: DB, cycleId: number, from: CycleStatus, to: CycleStatus): Promise<boolean> {
  const r = await db.updateTable('orderCycles').set({ status: to }).where('id', '=', cycleId).where('status', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** planned → open: shops may order from the cycle's opening time. */
export async function openCycle(db: DB, user: ScopeUser, cycleId: number, now = new Date()): Promise<AdminResult> {
  if (!isStaff(user)) return { ok: false, reason: 'not_found' };
  const cycle = await cycleById(db, cycleId);
  if (!cycle) return { ok: false, reason: 'not_found' };
  // Grades staff approved (档位评定) take effect from this cycle, in the same transaction: shops order it at their new grade.
  return db.transaction().execute(async (trx) => {
    if (!(await moveStatus(trx, cycleId, 'planned', 'open'))) return { ok: false, reason: 'bad_status' } as const;
    await applyApprovedGrades(trx, cycle, now);
    return { ok: true } as const;
  });
}

/** open → closed, once the last order day's cut-off has passed (no shop can be cut off early). */
export async function closeCycle(db: DB, user: ScopeUser, cycleId: number, now = new Date()): Promise<AdminResult> {
  if (!isStaff(user)) return { ok: false, reason: 'not_found' };
  const cycle = await cycleById(db, cycleId);
  if (!cycle) return { ok: false, reason: 'not_found' };
  if (cycle.status !== 'open') return { ok: false, reason: 'bad_status' };
  const last = lastCutoffOf(cycle, (await shopsByOrderWeekday(db)).keys());
  // The cut-off second itself is still open (see windowStateAt).
  if (now.getTime() <= Date.parse(last) + 999) return { ok: false, reason: 'cutoff_not_passed' };
  return (await moveStatus(db, cycleId, 'open', 'closed')) ? { ok: true } : { ok: false, reason: 'bad_status' };
}

const DELIVERABLE = ['allocated', 'confirmed'] as const;

/** A published cycle's deliveries by route (account manager) and day: how many orders, how many delivered. */
export async function deliveryPlan(db: DB, cycleId: number) {
  const cycle = await cycleById(db, cycleId);
  if (!cycle) return [];
  const rows = await db
    .selectFrom('orders')
    .innerJoin('retailers', 'retailers.id', 'orders.retailerId')
    .innerJoin('accountManagers', 'accountManagers.id', 'retailers.managerId')
    .select(['accountManagers.id as managerId', 'accountManagers.name as managerName', 'retailers.orderWeekday', 'orders.status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('orders.cycleId', '=', cycleId)
    .where('orders.status', 'in', [...DELIVERABLE, 'delivered'])
    .groupBy(['accountManagers.id', 'accountManagers.name', 'retailers.orderWeekday', 'orders.status'])
    .execute();
  const groups = new Map<string, { managerId: number; managerName: string; day: string; toDeliver: number; delivered: number }>();
  for (const r of rows) {
    const day = deliveryDayOf(cycle, r.orderWeekday);
    const key = `${r.managerId}:${day}`;
    const g = groups.get(key) ?? { managerId: r.managerId, managerName: r.managerName, day, toDeliver: 0, delivered: 0 };
    if (r.status === 'delivered') g.delivered += Number(r.n);
    else g.toDeliver += Number(r.n);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => a.day.localeCompare(b.day) || a.managerName.localeCompare(b.managerName));
}

/**
 * Marks every deliverable order of one route whose delivery day is `day` as delivered on that day — each
 * through deliveries.server's markDelivered, which books the receipts — and, when the cycle has nothing
 * left to deliver, the cycle itself. A day still to come is refused before anything is written.
 */
export async function deliverRoute(db: DB, user: ScopeUser, cycleId: number, managerId: number, day: string, now = new Date()): Promise<AdminResult<{ delivered: number; cycleDelivered: boolean }>> {
  return deliverOrders(db, user, cycleId, day, now, managerId);
}

/**
 * Marks every route's deliverable orders of one delivery day as delivered on that day (one action for the day
 * instead of one per route), with how many it marked; refused for a day still to come, before anything is written.
 */
export async function deliverDay(db: DB, user: ScopeUser, cycleId: number, day: string, now = new Date()): Promise<AdminResult<{ delivered: number; cycleDelivered: boolean }>> {
  return deliverOrders(db, user, cycleId, day, now, null);
}

async function deliverOrders(db: DB, user: ScopeUser, cycleId: number, day: string, now: Date, managerId: number | null): Promise<AdminResult<{ delivered: number; cycleDelivered: boolean }>> {
  if (!isStaff(user)) return { ok: false, reason: 'not_found' };
  const cycle = await cycleById(db, cycleId);
  if (!cycle) return { ok: false, reason: 'not_found' };
  if (cycle.status !== 'published') return { ok: false, reason: 'bad_status' };
  const refusal = deliveryDayRefusal(day, now);
  if (refusal) return { ok: false, reason: refusal };
  const weekdays = [1, 2, 3, 4, 5, 6, 7].filter((w) => deliveryDayOf(cycle, w) === day);
  if (!weekdays.length) return { ok: false, reason: 'invalid' };
  let query = db
    .selectFrom('orders')
    .innerJoin('retailers', 'retailers.id', 'orders.retailerId')
    .select('orders.id')
    .where('orders.cycleId', '=', cycleId)
    .where('retailers.orderWeekday', 'in', weekdays)
    .where('orders.status', 'in', [...DELIVERABLE]);
  if (managerId !== null) query = query.where('retailers.managerId', '=', managerId);
  const orders = await query.orderBy('orders.id').execute();
  let delivered = 0;
  for (const o of orders) if ((await markDelivered(db, user, o.id, day, now)).ok) delivered++;
  const cycleDelivered = await finishIfDelivered(db, cycleId);
  return { ok: true, delivered, cycleDelivered };
}

/** published → delivered when no order of the cycle is still waiting for its delivery. */
export async function finishIfDelivered(db: DB, cycleId: number): Promise<boolean> {
  const waiting = await db.selectFrom('orders').select('id').where('cycleId', '=', cycleId).where('status', 'in', [...DELIVERABLE]).limit(1).executeTakeFirst();
  if (waiting) return false;
  return moveStatus(db, cycleId, 'published', 'delivered');
}

