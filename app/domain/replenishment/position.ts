/**
 * Inventory position and the protection period, with the conventions the rule relies on.
 *
 * Stock counts (库存盘点) are taken on a day's morning before trade (see app/domain/quality/types.ts), so the
 * stock on the morning of the order day D is
 *   onHand = count(C) + receipts over [C, D) − sales over [C, D)
 * and the inventory position is onHand + inTransit (allocated, not yet delivered).
 *
 * The protection period is what this order must cover: from the order day (sales on it come out of today's
 * stock) up to the morning the *next* order's delivery arrives, i.e. T + L with T the days between deliveries
 * and L the lead time. With weekly cycles and next-day delivery that is 7 + 1 = 8 days.
 */
import { deliveryDayOf, orderDayOf, type CycleWindow } from '../cycle';
import { daysBetween } from '../time';

/**
 * Stock rolled forward from the latest count: counted + received − sold since (the count day included, the
 * order day not). May come out negative when the records disagree; suggest() then uses 0 and says so.
 */
export function rollForwardOnHandPacks(countedPacks: number, receivedSincePacks: number, soldSincePacks: number): number {
  return countedPacks + receivedSincePacks - soldSincePacks;
}

/** T + L in days: from the order day to the day the next order's delivery arrives. */
export function protectionDaysOf(orderDay: string, nextDeliveryDay: string): number {
  const days = daysBetween(orderDay, nextDeliveryDay);
  if (days < 1) throw new RangeError(`the next delivery (${nextDeliveryDay}) must come after the order day (${orderDay})`);
  return days;
}

/**
 * T + L for a retailer ordering on `orderWeekday` (1 = Monday … 7) in `cycle`, when it orders on the same
 * weekday in `nextCycle` and each cycle's delivery follows its order day by that cycle's leadDays.
 */
export function protectionDaysForCycles(
  cycle: Pick<CycleWindow, 'startsOn'>,
  nextCycle: Pick<CycleWindow, 'startsOn' | 'leadDays'>,
  orderWeekday: number,
): number {
  return protectionDaysOf(orderDayOf(cycle, orderWeekday), deliveryDayOf(nextCycle, orderWeekday));
}

/**
 * Days the stock would last after ordering qtyCartons: (position + qtyCartons × packsPerCarton) ÷ d̂, counted
 * from the order day. null when no sales are expected (d̂ = 0): the stock lasts indefinitely.
 */
export function daysOfCover(args: { qtyCartons: number; packsPerCarton: number; positionPacks: number; forecastDailyPacks: number }): number | null {
  if (!(args.forecastDailyPacks > 0)) return null;
  return Math.max(0, args.positionPacks + args.qtyCartons * args.packsPerCarton) / args.forecastDailyPacks;
}
