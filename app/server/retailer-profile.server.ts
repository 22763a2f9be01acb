/**
 * One retailer as its manager (or staff) sees it: contact, licence, grade, business type, order day, deposit,
 * benchmark reason, order and upload history, open issues and contact notes. Null when out of scope.
 */
import { sql } from 'kysely';
import { addDays, shanghaiDayOf } from '~/domain/time';
import type { DB } from './db.server';
import { contactNotesOf } from './follow-up.server';
import { retailerInScope, type ScopeUser } from './scope.server';
import { visitsOf } from './visits.server';

const UPLOAD_WINDOW_DAYS = 28;

export async function retailerProfile(db: DB, user: ScopeUser, retailerId: number, now = new Date()) {
  if (!Number.isSafeInteger(retailerId)) return null;
  const retailer = await db
    .selectFrom('retailers')
    .innerJoin('stations', 'stations.id', 'retailers.stationId')
    .innerJoin('accountManagers', 'accountManagers.id', 'retailers.managerId')
    .leftJoin('benchmarkMarks', 'benchmarkMarks.retailerId', 'retailers.id')
    .select([
      'retailers.id',
      'retailers.licenceNo',
      'retailers.name',
      'retailers.ownerName',
      'retailers.phone',
      'retailers.address',
      'retailers.grade',
      'retailers.businessType',
      'retailers.marketType',
      'retailers.orderWeekday',
      'retailers.isOnline',
      'retailers.active',
      'retailers.isBenchmark',
      'retailers.depositBalanceFen',
      'stations.nameZh as stationZh',
      'stations.nameEn as stationEn',
      'accountManagers.name as managerName',
      'benchmarkMarks.reason as benchmarkReason',
    ])
    .where('retailers.id', '=', retailerId)
    .where(retailerInScope(user, 'retailers.id'))
    .executeTakeFirst();
  if (!retailer) return null;

  const today = shanghaiDayOf(now);
  const [orders, uploads, uploadDays, openIssues, notes, visits] = await Promise.all([
    db
      .selectFrom('orders')
      .innerJoin('orderCycles', 'orderCycles.id', 'orders.cycleId')
      .select([
        'orders.id',
        'orderCycles.code as cycleCode',
        'orders.status',
        'orders.totalCartons',
        'orders.totalAmountFen',
        'orders.onBehalf',
        'orders.submittedAt',
        'orders.failureReason',
      ])
      .where('orders.retailerId', '=', retailer.id)
      .orderBy('orderCycles.startsOn', 'desc')
      .limit(12)
      .execute(),
    db
      .selectFrom('uploads')
      .select(['id', 'kind', 'source', 'businessDate', 'rowsAccepted', 'rowsRejected', 'createdAt'])
      .where('retailerId', '=', retailer.id)
      .orderBy('businessDate', 'desc')
      .orderBy('id', 'desc')
      .limit(15)
      .execute(),
    db
      .selectFrom('uploads')
      .select(sql<number>`count(distinct uploads.business_date)`.as('n'))
      .where('retailerId', '=', retailer.id)
      .where('kind', '=', 'sales')
      .where('businessDate', '>=', addDays(today, -UPLOAD_WINDOW_DAYS))
      .where('businessDate', '<', today)
      .executeTakeFirst(),
    db
      .selectFrom('qualityIssues')
      .select(sql<number>`count(*)`.as('n'))
      .where('retailerId', '=', retailer.id)
      .where('status', '=', 'open')
      .executeTakeFirst(),
    contactNotesOf(db, user, retailer.id),
    visitsOf(db, user, retailer.id, 5),
  ]);

  return {
    retailer,
    orders: orders.map((o) => ({ ...o, submittedAt: o.submittedAt ? new Date(o.submittedAt).toISOString() : null })),
    uploads: uploads.map((u) => ({ ...u, businessDate: String(u.businessDate), createdAt: new Date(u.createdAt).toISOString() })),
    uploadDays: Number(uploadDays?.n ?? 0),
    uploadWindowDays: UPLOAD_WINDOW_DAYS,
    openIssues: Number(openIssues?.n ?? 0),
    notes,
    visits,
  };
}
