/** Reporting periods: a day, an ISO week (Monday–Sunday) or a calendar month, and the one before it. */
import { addDays, daysBetween, isDay, mondayOf } from '../time';

export const PERIOD_KINDS = ['day', 'week', 'month'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export function isPeriodKind(value: unknown): value is PeriodKind {
  return typeof value === 'string' && (PERIOD_KINDS as readonly string[]).includes(value);
}

export interface Period {
  kind: PeriodKind;
  from: string;
  to: string;
}

function lastDayOfMonth(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return addDays(next, -1);
}

/** The period of this kind that contains `day`. */
export function periodOf(kind: PeriodKind, day: string): Period {
  if (!isDay(day)) throw new RangeError(`not a calendar day: ${day}`);
  switch (kind) {
    case 'day':
      return { kind, from: day, to: day };
    case 'week': {
      const from = mondayOf(day);
      return { kind, from, to: addDays(from, 6) };
    }
    case 'month':
      return { kind, from: `${day.slice(0, 8)}01`, to: lastDayOfMonth(day) };
  }
}

export function previousPeriod(p: Period): Period {
  return periodOf(p.kind, addDays(p.from, -1));
}

/** The period cut off at `today` (a running week or month has no figures for days still to come). */
export function elapsed(p: Period, today: string): Period | null {
  if (p.from > today) return null;
  return { ...p, to: p.to > today ? today : p.to };
}

export function dayCount(p: Pick<Period, 'from' | 'to'>): number {
  return daysBetween(p.from, p.to) + 1;
}

/** The last day whose figures are complete: yesterday (today's uploads and orders are still coming in). */
export function lastCompleteDay(today: string): string {
  return addDays(today, -1);
}

/**
 * The day a page shows when none is asked for: the last complete period of the kind. A day: the latest complete
 * day on which orders were due (`lastOrderDay`; a Sunday without order days is not a useful 日通报), else
 * yesterday; a week: the last whole Monday–Sunday before today; a month: the last whole month.
 */
export function defaultAnchor(kind: PeriodKind, today: string, lastOrderDay: string | null = null): string {
  const yesterday = lastCompleteDay(today);
  switch (kind) {
    case 'day':
      return lastOrderDay !== null && lastOrderDay <= yesterday ? lastOrderDay : yesterday;
    case 'week':
      return addDays(mondayOf(today), -1);
    case 'month':
      return addDays(`${today.slice(0, 8)}01`, -1);
  }
}

export interface ReportingPeriods {
  /** The whole period the anchor falls in. */
  full: Period;
  /** What is measured: the whole period, or for a running one its complete days (never today). */
  current: Period;
  /** The period before, cut to as many days as `current` when the period is still running (like with like). */
  previous: Period;
  /** The period has days still to come (today or later): its figures are "to date". */
  running: boolean;
}

/**
 * The periods a page compares. An anchor of today or later reads as yesterday (today's day is unfinished); a
 * running week or month is measured over its complete days and compared with the same number of first days of
 * the period before (a month-to-date of 6 days against the previous month's first 6).
 */
export function reportingPeriods(kind: PeriodKind, anchor: string, today: string): ReportingPeriods {
  const yesterday = lastCompleteDay(today);
  const day = anchor > yesterday ? yesterday : anchor;
  const full = periodOf(kind, day);
  const running = full.to > yesterday;
  const current: Period = running ? { ...full, to: yesterday } : full;
  const before = previousPeriod(full);
  const previous: Period = running ? { ...before, to: minDay(before.to, addDays(before.from, dayCount(current) - 1)) } : before;
  return { full, current, previous, running };
}

function minDay(a: string, b: string): string {
  return a < b ? a : b;
}

/** The trend window: the 90 complete days ending yesterday (today's unfinished day would read as a drop). */
export const TREND_DAYS = 90;
export function trendWindow(today: string): { from: string; to: string } {
  const to = lastCompleteDay(today);
  return { from: addDays(to, -(TREND_DAYS - 1)), to };
}
