/** County totals for the staff home page (the full monitoring page builds on these). */
import { sql } from 'kysely';
import { addDays, shanghaiDayOf } from '~/domain/time';
import type { DB } from './db.server';
import { currentCycle } from './cycles.server';
import { retailerInScope, type ScopeUser } from './scope.server';

export async function countyOverview(db: DB, user: ScopeUser, now = new Date()) {
  const today = shanghaiDayOf(now);
  const yesterday = addDays(today, -1);
  const cycle = await currentCycle(db, today);

  const byStation = await db
    .selectFrom('stations')
    .leftJoin('retailers', (j) => j.onRef('retailers.stationId', '=', 'stations.id').on('retailers.active', '=', 1))
    .select((eb) => [
      'stations.id',
      'stations.nameZh',
      'stations.nameEn',
      eb.fn.count<number>('retailers.id').as('retailers'),
      eb.fn.sum<number>(eb.fn.coalesce('retailers.isOnline', sql<number>`0`)).as('online'),
      eb
        .selectFrom('accountManagers')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('accountManagers.stationId', '=', 'stations.id')
        .as('managers'),
    ])
    .where((eb) => eb.or([eb('retailers.id', 'is', null), retailerInScope(user, 'retailers.id')(eb)]))
    .groupBy(['stations.id', 'stations.nameZh', 'stations.nameEn'])
    .orderBy('stations.id')
    .execute();

  const [uploaded, submitted, sales] = await Promise.all([
    db
      .selectFrom('uploads')
      .innerJoin('retailers', 'retailers.id', 'uploads.retailerId')
      .select((eb) => eb.fn.count<number>('uploads.retailerId').distinct().as('n'))
      .where('uploads.businessDate', '=', yesterday)
      .where('uploads.kind', '=', 'sales')
      .where('retailers.active', '=', 1)
      .where('retailers.isOnline', '=', 1)
      .where(retailerInScope(user, 'uploads.retailerId'))
      .executeTakeFirstOrThrow(),
    cycle
      ? db
          .selectFrom('orders')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('cycleId', '=', cycle.id)
          .where('status', 'not in', ['draft', 'cancelled', 'failed'])
          .where(retailerInScope(user, 'orders.retailerId'))
          .executeTakeFirstOrThrow()
      : { n: 0 },
    db
      .selectFrom('posDailySales')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('qtyPacks'), sql<number>`0`).as('packs'))
      .where('salesDate', '>', addDays(today, -8))
      .where('salesDate', '<=', yesterday)
      .where(retailerInScope(user, 'posDailySales.retailerId'))
      .executeTakeFirstOrThrow(),
  ]);

  const stations = byStation.map((s) => ({ ...s, retailers: Number(s.retailers), online: Number(s.online ?? 0), managers: Number(s.managers ?? 0) }));
  const online = stations.reduce((n, s) => n + s.online, 0);
  return {
    cycleCode: cycle?.code ?? null,
    retailersActive: stations.reduce((n, s) => n + s.retailers, 0),
    retailersOnline: online,
    uploadRateYesterday: online ? Number(uploaded.n) / online : null,
    ordersThisCycle: Number(submitted.n),
    salesLast7DaysPacks: Number(sales.packs),
    stations,
  };
}
