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

/** The trend window: the 90 days ending on `today`. */
export const TREND_DAYS = 90;
export function trendWindow(today: string): { from: string; to: string } {
  return { from: addDays(today, -(TREND_DAYS - 1)), to: today };
}
