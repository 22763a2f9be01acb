/**
 * The shop's order calendar (订货日历, issue 16): this cycle and the next ones — its order day, cut-off and delivery
 * day — from the cycles the company has loaded. A week the company has not loaded yet is shown as expected
 * (`expected: true`), from the shop's order weekday and the latest loaded cycle's cut-off time and lead days: cycles
 * are weekly (Monday–Sunday), so the order day is known, the cut-off and delivery only likely. Pure.
 */
import { cutoffOf, deliveryDayOf, orderDayOf, type CycleWindow } from '../cycle';
import { addDays, isoWeekCode, mondayOf } from '../time';

/** This cycle and the next four. */
export const CALENDAR_CYCLES = 5;

export interface CalendarCycle extends CycleWindow {
  code: string;
  status: string;
}

export interface CalendarEntry {
  /** Monday of the cycle's week. */
  startsOn: string;
  code: string;
  orderDay: string;
  cutoffAt: string;
  deliveryDay: string;
  /** The cycle's status; null for a week not loaded yet. */
  status: string | null;
  /** Not loaded by the company yet: the dates are what is usual, not promised. */
  expected: boolean;
  /** The cycle the shop orders in now. */
  current: boolean;
}

/**
 * From the cycle the shop orders in now (`currentStartsOn`: its Monday, or the week of `today` when there is none),
 * `count` weeks: each the loaded cycle of that week, or the expected one. With no cycle loaded at all, nothing.
 */
export function orderCalendar(
  cycles: readonly CalendarCycle[],
  orderWeekday: number,
  currentStartsOn: string | null,
  today: string,
  count = CALENDAR_CYCLES,
): CalendarEntry[] {
  if (!cycles.length) return [];
  const byWeek = new Map(cycles.map((c) => [c.startsOn, c]));
  const latest = [...cycles].sort((a, b) => b.startsOn.localeCompare(a.startsOn))[0]!;
  const first = currentStartsOn ?? mondayOf(today);
  const out: CalendarEntry[] = [];
  for (let i = 0; i < count; i++) {
    const startsOn = addDays(first, 7 * i);
    const loaded = byWeek.get(startsOn);
    const window = loaded ?? { startsOn, cutoffLocalTime: latest.cutoffLocalTime, leadDays: latest.leadDays };
    out.push({
      startsOn,
      code: loaded?.code ?? isoWeekCode(startsOn),
      orderDay: orderDayOf(window, orderWeekday),
      cutoffAt: cutoffOf(window, orderWeekday),
      deliveryDay: deliveryDayOf(window, orderWeekday),
      status: loaded?.status ?? null,
      expected: !loaded,
      current: i === 0 && currentStartsOn !== null,
    });
  }
  return out;
}
