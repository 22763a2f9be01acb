/** A manager's route: its retailers with last upload and this cycle's order state, who-needs-a-call first. */
import { sql } from 'kysely';
import { cutoffOf } from '~/domain/cycle';
import { addDays, shanghaiDayOf } from '~/domain/time';

const CALL_BEFORE_CUTOFF_MS = 24 * 3600_000;
import type { DB } from './db.server';
import { currentCycle } from './cycles.server';
import { retailerInScope, type ScopeUser } from './scope.server';

export async function managerRoute(db: DB, user: ScopeUser, now = new Date()) {
  const today = shanghaiDayOf(now);
  const yesterday = addDays(today, -1);
  const cycle = await currentCycle(db, today);
  const rows = await db
    .selectFrom('retailers')
    .leftJoin('orders', (join) => join.onRef('orders.retailerId', '=', 'retailers.id').on('orders.cycleId', '=', cycle?.id ?? -1))
    .select((eb) => [
      'retailers.id',
      'retailers.licenceNo',
      'retailers.name',
      'retailers.phone',
      'retailers.grade',
      'retailers.businessType',
      'retailers.orderWeekday',
      'orders.status as orderStatus',
      eb
        .selectFrom('uploads')
        .select(sql<string>`max(uploads.business_date)`.as('d'))
        .whereRef('uploads.retailerId', '=', 'retailers.id')
        .where('uploads.kind', '=', 'sales')
        .as('lastUploadDay'),
    ])
    .where(retailerInScope(user, 'retailers.id'))
    .where('retailers.active', '=', 1)
    .orderBy('retailers.licenceNo')
    .execute();

  const route = rows.map((r) => {
    const lastUploadDay = r.lastUploadDay ? String(r.lastUploadDay) : null;
    const notOrdered = !r.orderStatus || r.orderStatus === 'draft' || r.orderStatus === 'cancelled';
    const notUploaded = !lastUploadDay || lastUploadDay < yesterday;
    // A shop whose order day is later in the week has not ordered *yet*; it needs a call once its cut-off is
    // within a day (or has passed without an order).
    const cutoffAt = cycle ? cutoffOf(cycle, r.orderWeekday) : null;
    const cutoffSoon = cutoffAt !== null && Date.parse(cutoffAt) - now.getTime() < CALL_BEFORE_CUTOFF_MS;
    const needsCall = (notOrdered && cutoffSoon) || notUploaded || r.orderStatus === 'failed';
    return { ...r, lastUploadDay, notOrdered, notUploaded, cutoffAt, needsCall };
  });
  // Who needs a call first; among them, those who have not ordered before those who only missed an upload.
  route.sort((a, b) => Number(b.needsCall) - Number(a.needsCall) || Number(b.notOrdered) - Number(a.notOrdered));
  return {
    cycleCode: cycle?.code ?? null,
    route,
    notOrderedCount: route.filter((r) => r.notOrdered).length,
    notUploadedCount: route.filter((r) => r.notUploaded).length,
  };
}
