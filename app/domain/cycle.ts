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

export interface CycleCandidate extends CycleWindow {
  id: number;
  status: string;
  endsOn: string;
}

/**
 * The cycle a retailer orders in now: the earliest open cycle whose window for this retailer has not closed;
 * failing that, the earliest one still to open; failing that, the latest one (closed, for reading).
 * Cycles a company has only planned take no orders.
 */
export function pickOrderingCycle<C extends CycleCandidate>(cycles: readonly C[], orderWeekday: number, now: Date): C | null {
  const sorted = [...cycles].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  const open = sorted.find((c) => c.status === 'open' && windowStateAt(now, c, orderWeekday) !== 'closed');
  if (open) return open;
  const upcoming = sorted.find((c) => windowStateAt(now, c, orderWeekday) === 'not_open');
  if (upcoming) return upcoming;
  const started = sorted.filter((c) => Date.parse(c.opensAt) <= now.getTime());
  return started.at(-1) ?? null;
}

/** Whether the retailer may submit, change or cancel in this cycle now. */
export function mayOrder(cycle: CycleCandidate, orderWeekday: number, now: Date): boolean {
  return cycle.status === 'open' && windowStateAt(now, cycle, orderWeekday) === 'open';
}
