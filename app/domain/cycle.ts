/**
 * The order window. A cycle is one week (Monday–Sunday). It opens at `opensAt`; each retailer may order
 * from then until the cut-off on its own order day (订货日) and gets one order per cycle. Delivery follows
 * the order day by `leadDays`.
 */
import { addDays, shanghaiToInstant } from './time';

export interface CycleWindow {
  startsOn: string;
  opensAt: string;
  cutoffLocalTime: string;
  leadDays: number;
}

export type WindowState = 'not_open' | 'open' | 'closed';

export function orderDayOf(cycle: Pick<CycleWindow, 'startsOn'>, orderWeekday: number): string {
  if (!Number.isInteger(orderWeekday) || orderWeekday < 1 || orderWeekday > 7) {
    throw new RangeError(`order weekday must be 1–7, got ${orderWeekday}`);
  }
  return addDays(cycle.startsOn, orderWeekday - 1);
}

/** The last instant at which the retailer may still submit, change or cancel (inclusive). */
export function cutoffOf(cycle: Pick<CycleWindow, 'startsOn' | 'cutoffLocalTime'>, orderWeekday: number): string {
  return shanghaiToInstant(orderDayOf(cycle, orderWeekday), cycle.cutoffLocalTime);
}

export function deliveryDayOf(cycle: Pick<CycleWindow, 'startsOn' | 'leadDays'>, orderWeekday: number): string {
  return addDays(orderDayOf(cycle, orderWeekday), cycle.leadDays);
}

/**
 * Where `now` stands in the retailer's window. The cut-off second itself is still open (a cut-off of
 * 23:59:59 accepts an order stamped 23:59:59.000 and refuses 00:00:00 the next day).
 */
export function windowStateAt(now: Date, cycle: CycleWindow, orderWeekday: number): WindowState {
  const t = now.getTime();
  if (t < Date.parse(cycle.opensAt)) return 'not_open';
  const cutoffEnd = Date.parse(cutoffOf(cycle, orderWeekday)) + 999;
  return t <= cutoffEnd ? 'open' : 'closed';
}
