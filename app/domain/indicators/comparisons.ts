/**
 * 环比 and 同比, and rankings: pure helpers over figures the server has already computed (never a new way to
 * compute a figure). 环比 compares with the previous period the page shows; 同比 with the same period a year
 * earlier: the same calendar day, the same ISO week 52 weeks earlier (so weekdays line up), the same month.
 */
import { addDays, daysBetween } from '../time';
import type { PeriodKind } from './periods';
import type { TargetDirection } from './targets';

export interface DayRange {
  from: string;
  to: string;
}

function shiftYear(day: string, years: number): string {
  const y = Number(day.slice(0, 4)) + years;
  const md = day.slice(5);
  // 29 February a year on or back is 28 February.
  if (md === '02-29') {
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    return `${y}-02-${leap ? '29' : '28'}`;
  }
  return `${y}-${md}`;
}

/** The same period a year earlier, with as many days as `p` when `p` is a running (cut-off) period. */
export function yearAgoRange(kind: PeriodKind, p: DayRange): DayRange {
  if (kind === 'week') return { from: addDays(p.from, -364), to: addDays(p.to, -364) };
  const from = shiftYear(p.from, -1);
  return { from, to: addDays(from, daysBetween(p.from, p.to)) };
}

export type ChangeDirection = 'up' | 'down' | 'flat';

export interface Change {
  /** current − earlier, in the indicator's unit (a rate: fraction points). */
  delta: number;
  direction: ChangeDirection;
  /** Whether the change is for the better, given which way is better; null when flat. */
  better: boolean | null;
}

/** The change from `earlier` to `current`; null when either is unknown (shown as "not available"). */
export function changeOf(current: number | null, earlier: number | null, betterWhen: TargetDirection = 'atLeast'): Change | null {
  if (current === null || earlier === null || !Number.isFinite(current) || !Number.isFinite(earlier)) return null;
  const delta = current - earlier;
  if (Math.abs(delta) < 1e-9) return { delta: 0, direction: 'flat', better: null };
  const direction: ChangeDirection = delta > 0 ? 'up' : 'down';
  return { delta, direction, better: betterWhen === 'atLeast' ? delta > 0 : delta < 0 };
}

export interface Ranked<T> {
  rank: number;
  item: T;
}

/**
 * Best first by `value` (which way is better decides the order); ties share a rank (1, 2, 2, 4); items with no
 * figure come last, unranked (rank 0).
 */
export function rankBy<T>(items: readonly T[], value: (item: T) => number | null, betterWhen: TargetDirection): Array<Ranked<T>> {
  const known = items.filter((i) => {
    const v = value(i);
    return v !== null && Number.isFinite(v);
  });
  const unknown = items.filter((i) => !known.includes(i));
  const sign = betterWhen === 'atLeast' ? -1 : 1;
  const sorted = [...known].sort((a, b) => sign * (value(a)! - value(b)!));
  const out: Array<Ranked<T>> = [];
  sorted.forEach((item, i) => {
    const prev = out[i - 1];
    const rank = prev && Math.abs(value(prev.item)! - value(item)!) < 1e-12 ? prev.rank : i + 1;
    out.push({ rank, item });
  });
  for (const item of unknown) out.push({ rank: 0, item });
  return out;
}
