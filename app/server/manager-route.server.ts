/**
 * A manager's route board: its retailers with today's upload state, this cycle's order state, open data-quality
 * issues, deposit shortfall and last contact, who-needs-a-call first. One query with correlated look-ups that
 * each read a covering index, so a 250-shop route stays well under 100 ms (bench/route-board.ts).
 */
import { sql } from 'kysely';
import { cutoffOf, mayOrder, pickOrderingCycle } from '~/domain/cycle';
import { callPriority, callReasons, hasOrdered, type BoardFacts } from '~/domain/follow-up';
import { depositShortfallFen } from '~/domain/ordering';
import { addDays, mondayOf, shanghaiDayOf, shanghaiToInstant } from '~/domain/time';
import type { BusinessType, OrderCycle, OrderStatus } from '../../db/schema';
import type { DB } from './db.server';
import { retailerInScope, type ScopeUser } from './scope.server';

const CALL_BEFORE_CUTOFF_MS = 24 * 3600_000;

export interface BoardFilters {
  orderWeekday?: number | null;
  businessType?: BusinessType | null;
  gradeFrom?: number | null;
  gradeTo?: number | null;
  benchmarkOnly?: boolean;
}

/**
 * The cycle each shop orders in now — the same one its order page shows (pickOrderingCycle): this week's while
 * its window is open, next week's once that is open or about to open, else the one that just closed. So "not
 * ordered this cycle" means what the shop itself would see.
 */
export async function orderingCycles(db: DB, now: Date) {
  const from = addDays(mondayOf(shanghaiDayOf(now)), -7);
  const cycles = await db.selectFrom('orderCycles').selectAll().where('endsOn', '>=', from).orderBy('startsOn').limit(4).execute();
  const byWeekday = new Map<number, OrderCycle | null>();
  for (let weekday = 1; weekday <= 7; weekday++) byWeekday.set(weekday, pickOrderingCycle(cycles, weekday, now));
  return { cycleIds: cycles.map((c) => c.id), cycleOf: (orderWeekday: number) => byWeekday.get(orderWeekday) ?? null };
}

/** Each scoped shop's order in the given cycles, keyed `retailerId:cycleId`. */
export async function ordersIn(db: DB, user: ScopeUser, cycleIds: number[]) {
  if (!cycleIds.length) return new Map<string, { status: OrderStatus; totalAmountFen: number }>();
  const rows = await db
    .selectFrom('orders')
    .select(['retailerId', 'cycleId', 'status', 'totalAmountFen'])
    .where(retailerInScope(user, 'orders.retailerId'))
    .where('cycleId', 'in', cycleIds)
    .execute();
  return new Map(rows.map((o) => [`${o.retailerId}:${o.cycleId}`, o]));
}

export async function managerRoute(db: DB, user: ScopeUser, now = new Date(), filters: BoardFilters = {}) {
  const today = shanghaiDayOf(now);
  const yesterday = addDays(today, -1);
  const startOfToday = shanghaiToInstant(today);
  const { cycleIds, cycleOf } = await orderingCycles(db, now);
  let query = db
    .selectFrom('retailers')
    .select((eb) => [
      'retailers.id',
      'retailers.licenceNo',
      'retailers.name',
      'retailers.ownerName',
      'retailers.phone',
      'retailers.grade',
      'retailers.businessType',
      'retailers.orderWeekday',
      'retailers.isBenchmark',
      'retailers.depositBalanceFen',
      eb
        .selectFrom('uploads')
        .select(sql<string>`max(uploads.business_date)`.as('d'))
        .whereRef('uploads.retailerId', '=', 'retailers.id')
        .where('uploads.kind', '=', 'sales')
        .as('lastUploadDay'),
      eb
        .selectFrom('qualityIssues')
        .select(sql<number>`count(*)`.as('n'))
        .whereRef('qualityIssues.retailerId', '=', 'retailers.id')
        .where('qualityIssues.status', '=', 'open')
        .as('openIssues'),
      eb
        .selectFrom('contactNotes')
        .select(sql<string>`max(contact_notes.at)`.as('at'))
        .whereRef('contactNotes.retailerId', '=', 'retailers.id')
        .as('lastContactAt'),
      // CONTRACT with allocation/publishing: "not confirmed" = an order still 'allocated' in a 'published' cycle.
      eb
        .selectFrom('orders as ao')
        .innerJoin('orderCycles as ac', 'ac.id', 'ao.cycleId')
        .select(sql<number>`count(*)`.as('n'))
        .whereRef('ao.retailerId', '=', 'retailers.id')
        .where('ao.status', '=', 'allocated')
        .where('ac.status', '=', 'published')
        .as('unconfirmedAllocations'),
    ])
    .where(retailerInScope(user, 'retailers.id'))
    .where('retailers.active', '=', 1);
  if (filters.orderWeekday) query = query.where('retailers.orderWeekday', '=', filters.orderWeekday);
  if (filters.businessType) query = query.where('retailers.businessType', '=', filters.businessType);
  if (filters.gradeFrom) query = query.where('retailers.grade', '>=', filters.gradeFrom);
  if (filters.gradeTo) query = query.where('retailers.grade', '<=', filters.gradeTo);
  if (filters.benchmarkOnly) query = query.where('retailers.isBenchmark', '=', 1);
  const [rows, orders] = await Promise.all([query.orderBy('retailers.licenceNo').execute(), ordersIn(db, user, cycleIds)]);

  const route = rows.map((r) => {
    const lastUploadDay = r.lastUploadDay ? String(r.lastUploadDay) : null;
    const lastContactAt = r.lastContactAt ? new Date(r.lastContactAt).toISOString() : null;
    const cycle = cycleOf(r.orderWeekday);
    const order = cycle ? orders.get(`${r.id}:${cycle.id}`) : undefined;
    const orderState: BoardFacts['orderState'] = order?.status ?? 'none';
    const notOrdered = !hasOrdered(orderState) && orderState !== 'failed';
    const notUploaded = !lastUploadDay || lastUploadDay < yesterday;
    // A shop whose order day is later in the week has not ordered *yet*; it needs a call once its cut-off is
    // within a day (or has passed without an order).
    const cutoffAt = cycle ? cutoffOf(cycle, r.orderWeekday) : null;
    const msToCutoff = cutoffAt === null ? null : Date.parse(cutoffAt) - now.getTime();
    const depositShortFen = orderState === 'submitted' ? depositShortfallFen(order?.totalAmountFen ?? 0, r.depositBalanceFen) : 0;
    const facts: BoardFacts = {
      orderState,
      cutoffSoon: msToCutoff !== null && msToCutoff >= 0 && msToCutoff < CALL_BEFORE_CUTOFF_MS,
      cutoffPassed: msToCutoff !== null && msToCutoff < 0,
      notUploaded,
      openIssues: Number(r.openIssues ?? 0),
      depositShortFen,
      allocationUnconfirmed: Number(r.unconfirmedAllocations ?? 0) > 0,
      contactedToday: lastContactAt !== null && lastContactAt >= startOfToday,
    };
    const reasons = callReasons(facts);
    return {
      id: r.id,
      licenceNo: r.licenceNo,
      name: r.name,
      ownerName: r.ownerName,
      phone: r.phone,
      grade: r.grade,
      businessType: r.businessType,
      orderWeekday: r.orderWeekday,
      isBenchmark: r.isBenchmark,
      orderStatus: order?.status ?? null,
      cycleCode: cycle?.code ?? null,
      windowOpen: cycle ? mayOrder(cycle, r.orderWeekday, now) : false,
      lastUploadDay,
      uploadedYesterday: !notUploaded,
      openIssues: facts.openIssues,
      depositShortFen,
      lastContactAt,
      contactedToday: facts.contactedToday,
      notOrdered,
      notUploaded,
      cutoffAt,
      reasons,
      priority: callPriority(facts),
      needsCall: reasons.length > 0 && !(reasons.length === 1 && reasons[0] === 'issues_open') && !facts.contactedToday,
    };
  });
  // Who needs a call first (by weight of what is wrong); among equals, the one not contacted for longest.
  route.sort(
    (a, b) =>
      Number(b.needsCall) - Number(a.needsCall) ||
      b.priority - a.priority ||
      (a.lastContactAt ?? '').localeCompare(b.lastContactAt ?? '') ||
      a.licenceNo.localeCompare(b.licenceNo),
  );
  return {
    // The cycles the shops are ordering in (two around a week's turn: some already on next week's).
    cycleCodes: [...new Set(route.map((r) => r.cycleCode).filter((c): c is string => c !== null))].sort(),
    today,
    filters,
    route,
    notOrderedCount: route.filter((r) => r.notOrdered).length,
    notUploadedCount: route.filter((r) => r.notUploaded).length,
    needsCallCount: route.filter((r) => r.needsCall).length,
    openIssuesCount: route.reduce((n, r) => n + r.openIssues, 0),
  };
}

/** One shop of the user's route (any shop for staff) by id, with its name and licence; undefined outside it. */
export async function shopOnRoute(db: DB, user: ScopeUser, retailerId: number) {
  return db.selectFrom('retailers').select(['id', 'name', 'licenceNo']).where('id', '=', retailerId).where(retailerInScope(user, 'retailers.id')).executeTakeFirst();
}
