/**
 * What a retailer's home page shows: its cycle, window, order state, deposit, recent orders, and every open to-do,
 * most urgent first. The facts are read here, each in a query limited to the shop (`retailerInScope`); which
 * to-dos they make and how urgent each is, is app/domain/shop/todos.ts.
 */
import { cutoffOf, deliveryDayOf, mayOrder, orderDayOf, windowStateAt } from '~/domain/cycle';
import { depositShortfallFen } from '~/domain/ordering';
import { cartChangedSinceSubmit, homeTodos, type HomeFacts } from '~/domain/shop/todos';
import { addDays, shanghaiDayOf, shanghaiToInstant } from '~/domain/time';
import type { DB } from './db.server';
import { orderingCycle } from './orders.server';
import { retailerInScope, type ScopeUser } from './scope.server';
import { inAppNotifications } from './notifications.server';
import { surveyDue } from './satisfaction.server';
import { shopNoticeFacts } from './notices.server';
import { unreadAnswers } from './questions.server';

/** A shop carries stock (a stock count is worth asking for) when it sold or received anything in these days. */
const CARRIES_STOCK_DAYS = 56;
/** The most unconfirmed deliveries and allocations listed (older ones stay on the order history). */
const LISTED_ORDERS = 5;

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
  const mine = retailerInScope(user, 'retailerId');
  const cycle = await orderingCycle(db, retailer.orderWeekday, now);
  const [order, uploadedYesterday, recentOrders, issues, deliveries, allocations, lastCount, carries, surveyPending, notices, reminders, answersUnread] = await Promise.all([
    cycle
      ? db
          .selectFrom('orders')
          .select(['id', 'status', 'totalCartons', 'totalAmountFen', 'onBehalf', 'submittedAt'])
          .where('retailerId', '=', retailer.id)
          .where('cycleId', '=', cycle.id)
          .where(mine)
          .executeTakeFirst()
      : undefined,
    db.selectFrom('uploads').select('id').where('retailerId', '=', retailer.id).where('kind', '=', 'sales').where('businessDate', '=', yesterday).where(mine).executeTakeFirst(),
    db
      .selectFrom('orders')
      .innerJoin('orderCycles', 'orderCycles.id', 'orders.cycleId')
      .select(['orders.id', 'orderCycles.code as cycleCode', 'orders.status', 'orders.totalCartons', 'orders.totalAmountFen', 'orders.onBehalf'])
      .where('orders.retailerId', '=', retailer.id)
      .where(retailerInScope(user, 'orders.retailerId'))
      .orderBy('orderCycles.startsOn', 'desc')
      .limit(5)
      .execute(),
    db
      .selectFrom('qualityIssues')
      .select((eb) => ['kind', eb.fn.countAll<number>().as('n')])
      .where('retailerId', '=', retailer.id)
      .where('status', '=', 'open')
      .where(mine)
      .groupBy('kind')
      .execute(),
    db
      .selectFrom('orders')
      .innerJoin('orderCycles', 'orderCycles.id', 'orders.cycleId')
      .select(['orders.id', 'orderCycles.code as cycleCode', 'orders.deliveredOn'])
      .where('orders.retailerId', '=', retailer.id)
      .where(retailerInScope(user, 'orders.retailerId'))
      .where('orders.status', '=', 'delivered')
      .where('orders.deliveredOn', 'is not', null)
      .where('orders.receiptConfirmedAt', 'is', null)
      .orderBy('orders.deliveredOn', 'desc')
      .limit(LISTED_ORDERS)
      .execute(),
    // Published allocations the shop has not confirmed yet (配货结果必核查), with their delivery day.
    db
      .selectFrom('orders')
      .innerJoin('orderCycles', 'orderCycles.id', 'orders.cycleId')
      .select(['orders.id', 'orderCycles.code as cycleCode', 'orderCycles.startsOn', 'orderCycles.leadDays', 'orders.allocationProblem'])
      .where('orders.retailerId', '=', retailer.id)
      .where(retailerInScope(user, 'orders.retailerId'))
      .where('orders.status', '=', 'allocated')
      .where('orderCycles.status', '=', 'published')
      .orderBy('orderCycles.startsOn', 'desc')
      .limit(LISTED_ORDERS)
      .execute(),
    db
      .selectFrom('stockCounts')
      .select((eb) => eb.fn.max('countedAt').as('at'))
      .where('retailerId', '=', retailer.id)
      .where(mine)
      .executeTakeFirst(),
    db
      .selectFrom('posDailySales')
      .select('specId')
      .where('retailerId', '=', retailer.id)
      .where('salesDate', '>=', addDays(today, -CARRIES_STOCK_DAYS))
      .where(mine)
      .union(db.selectFrom('receipts').select('specId').where('retailerId', '=', retailer.id).where('receivedOn', '>=', addDays(today, -CARRIES_STOCK_DAYS)).where(mine))
      .limit(1)
      .execute(),
    // The quarterly satisfaction survey is offered until the shop has answered it.
    surveyDue(db, user, retailer.id, now),
    // Notices (issue 19): unread ones are listed on home, important ones not acknowledged are to-dos.
    shopNoticeFacts(db, user),
    // Reminders in the app (the notification outbox): due, not expired, not answered by an order yet.
    inAppNotifications(db, user, now),
    // Answers to its questions not read yet (issue 19).
    unreadAnswers(db, user, retailer.id),
  ]);

  const window = cycle
    ? {
        code: cycle.code,
        state: windowStateAt(now, cycle, retailer.orderWeekday),
        mayOrder: mayOrder(cycle, retailer.orderWeekday, now),
        opensAt: cycle.opensAt,
        orderDay: orderDayOf(cycle, retailer.orderWeekday),
        cutoffAt: cutoffOf(cycle, retailer.orderWeekday),
        deliveryDay: deliveryDayOf(cycle, retailer.orderWeekday),
      }
    : null;

  // Changes kept in the cart but not submitted (the order page's "提交修改"): only a submitted order has them.
  let changedSinceSubmit = false;
  if (order && order.status === 'submitted') {
    const [lines, cart] = await Promise.all([
      db.selectFrom('orderLines').select(['specId', 'qtyRequestedCartons as qtyCartons']).where('orderId', '=', order.id).execute(),
      db.selectFrom('cartLines').select(['specId', 'qtyCartons']).where('orderId', '=', order.id).execute(),
    ]);
    changedSinceSubmit = cartChangedSinceSubmit(lines, cart);
  }

  const facts: HomeFacts = {
    ordering: window?.mayOrder ? { cycleCode: window.code, cutoffAt: window.cutoffAt } : null,
    order:
      order && window
        ? {
            status: order.status,
            changedSinceSubmit,
            shortfallFen: order.status === 'submitted' ? depositShortfallFen(order.totalAmountFen, retailer.depositBalanceFen) : 0,
            cutoffAt: window.cutoffAt,
          }
        : null,
    issues: issues.map((i) => ({ kind: i.kind, count: Number(i.n) })),
    nextSuggestionAt: nextSuggestionAt(window),
    deliveries: deliveries.map((d) => ({ orderId: d.id, cycleCode: d.cycleCode, deliveredOn: String(d.deliveredOn) })),
    allocations: allocations.map((a) => ({
      orderId: a.id,
      cycleCode: a.cycleCode,
      problemReported: a.allocationProblem !== null,
      dueAt: shanghaiToInstant(deliveryDayOf({ startsOn: String(a.startsOn), leadDays: a.leadDays }, retailer.orderWeekday)),
    })),
    lastCountDay: lastCount?.at ? shanghaiDayOf(String(lastCount.at)) : null,
    carriesStock: carries.length > 0,
    salesMissingDay: uploadedYesterday ? null : yesterday,
    surveyPending,
    noticesToAcknowledge: notices.toAcknowledge,
    unreadAnswers: answersUnread,
  };

  return {
    retailer,
    window,
    order: order ? { ...order, changedSinceSubmit } : null,
    todos: homeTodos(facts, now, today),
    unreadNotices: notices.unread,
    recentOrders,
    reminders,
    now: now.toISOString(),
  };
}

/**
 * When the shop's data is next read for a suggestion: the cut-off while it orders, the start of its order day
 * before the window opens, and a week after its order day once the window has closed.
 */
function nextSuggestionAt(window: { state: string; mayOrder: boolean; cutoffAt: string; orderDay: string } | null): string | null {
  if (!window) return null;
  if (window.mayOrder) return window.cutoffAt;
  if (window.state === 'not_open') return shanghaiToInstant(window.orderDay);
  if (window.state === 'closed') return shanghaiToInstant(addDays(window.orderDay, 7));
  // Open by the clock but not opened by staff yet: the order day itself.
  return window.cutoffAt;
}
