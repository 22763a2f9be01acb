/** What a retailer's home page shows: its cycle, window, order state, deposit, to-dos and recent orders. */
import { cutoffOf, deliveryDayOf, orderDayOf, windowStateAt } from '~/domain/cycle';
import { depositShortfallFen } from '~/domain/ordering';
import { addDays, shanghaiDayOf } from '~/domain/time';
import type { DB } from './db.server';
import { allocationsToCheck } from './allocation.server';
import { orderingCycle } from './orders.server';
import { retailerInScope, type ScopeUser } from './scope.server';
import { surveyDue } from './satisfaction.server';

export async function retailerHome(db: DB, user: ScopeUser, now = new Date()) {
  const retailer = await db
    .selectFrom('retailers')
    .innerJoin('accountManagers', 'accountManagers.id', 'retailers.managerId')
    .select([
      'retailers.id',
      'retailers.name',
      'retailers.licenceNo',
      'retailers.grade',
      'retailers.orderWeekday',
      'retailers.depositBalanceFen',
      'accountManagers.name as managerName',
      'accountManagers.phone as managerPhone',
    ])
    .where(retailerInScope(user, 'retailers.id'))
    .where('retailers.userId', '=', user.userId)
    .executeTakeFirst();
  if (!retailer) return null;

  const today = shanghaiDayOf(now);
  const yesterday = addDays(today, -1);
  const cycle = await orderingCycle(db, retailer.orderWeekday, now);
  const [order, uploadedYesterday, recentOrders] = await Promise.all([
    cycle
      ? db
          .selectFrom('orders')
          .select(['id', 'status', 'totalCartons', 'totalAmountFen', 'onBehalf', 'submittedAt'])
          .where('retailerId', '=', retailer.id)
          .where('cycleId', '=', cycle.id)
          .executeTakeFirst()
      : undefined,
    db
      .selectFrom('uploads')
      .select('id')
      .where('retailerId', '=', retailer.id)
      .where('kind', '=', 'sales')
      .where('businessDate', '=', yesterday)
      .executeTakeFirst(),
    db
      .selectFrom('orders')
      .innerJoin('orderCycles', 'orderCycles.id', 'orders.cycleId')
      .select(['orders.id', 'orderCycles.code as cycleCode', 'orders.status', 'orders.totalCartons', 'orders.totalAmountFen', 'orders.onBehalf'])
      .where('orders.retailerId', '=', retailer.id)
      .orderBy('orderCycles.startsOn', 'desc')
      .limit(5)
      .execute(),
  ]);

  const window = cycle
    ? {
        code: cycle.code,
        state: windowStateAt(now, cycle, retailer.orderWeekday),
        opensAt: cycle.opensAt,
        orderDay: orderDayOf(cycle, retailer.orderWeekday),
        cutoffAt: cutoffOf(cycle, retailer.orderWeekday),
        deliveryDay: deliveryDayOf(cycle, retailer.orderWeekday),
      }
    : null;

  const todos: Array<{ key: 'todoOrder' | 'todoDraft' | 'todoUpload' | 'todoBalance'; day?: string; amountFen?: number }> = [];
  if (window?.state === 'open' && (!order || order.status === 'draft')) todos.push({ key: order ? 'todoDraft' : 'todoOrder' });
  const shortfallFen = order && order.status === 'submitted' ? depositShortfallFen(order.totalAmountFen, retailer.depositBalanceFen) : 0;
  if (shortfallFen > 0) todos.push({ key: 'todoBalance', amountFen: shortfallFen });
  if (!uploadedYesterday) todos.push({ key: 'todoUpload', day: yesterday });

  // The quarterly satisfaction survey is offered on the home page until the shop has answered it.
  const surveyPending = await surveyDue(db, user, retailer.id, now);

  // Published allocations the shop has not confirmed yet (配货结果必核查).
  const allocationChecks = await allocationsToCheck(db, user, retailer.id);

  return { retailer, window, order: order ?? null, todos, recentOrders, surveyPending, allocationChecks, now: now.toISOString() };
}
