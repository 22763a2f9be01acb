/**
 * History cleaning: what the forecast may read of a spec's daily sales.
 *
 * 1. Censored days are left out, not read as zero. A day the shop was out of stock, a scarce spec's cap was
 *    used up, or no sales were uploaded says "demand unknown (at least what was sold)"; counting it as a zero
 *    would teach the forecast that a spec sells less the more often it runs out. The remaining days form the
 *    *observed series* — consecutive in the forecast's eyes, so Croston's intervals count observed days.
 *    A censored day with sales is the exception (censoredSalesAsDemand, on by default): the spec sold out, and
 *    what sold is read as that day's demand — a lower bound kept rather than dropped (soldOutDays counts them).
 * 2. Negative quantities (returns booked as sales) count as 0.
 * 3. One-off bulk days are clipped. Over the observed sale days (qty > 0), with at least clipMinSaleDays of
 *    them: M = median, MAD = median absolute deviation from M, and
 *        bound = max(M + clipMadMultiple × 1.4826 × MAD,  clipMedianMultiple × M)      (defaults 5 and 3).
 *    1.4826 × MAD estimates a standard deviation robustly; the multiple of M keeps the bound sensible when
 *    more than half the sale days are the same size (MAD = 0, common for slow specs selling 1 pack).
 *    Days above the bound are clipped *to* the bound — a big day is still a big day — but only when they are
 *    one-offs: at most max(1, ⌊clipMaxShareOfSaleDays × sale days⌋) of them (default 2 %). When more days
 *    exceed it, large sales are how this spec sells (regular carton buyers), and nothing is clipped.
 *    The bound is proportional to the sales, so scaling the history scales the cleaned series exactly — one
 *    reason "more sales never lower the suggestion" holds (tests/unit/replenishment-properties.test.ts).
 */
import { addDays, isoWeekday } from '../time';
import type { ReplenishmentParams } from './params';
import type { SalesDay } from './types';

/** 1.4826 × MAD is a consistent estimator of the standard deviation for normal data. */
const MAD_TO_SIGMA = 1.4826;

export interface CleanedHistory {
  /** Demand of each observed (uncensored) day, oldest first, bulk days clipped. Length observedDays. */
  readonly demandPacks: number[];
  /** ISO weekday (1 = Monday … 7 = Sunday) of each observed day, aligned with demandPacks. */
  readonly weekdays: number[];
  readonly historyDays: number;
  /** ISO weekday of the history's first day (1 for an empty history): with historyDays, every day's weekday. */
  readonly firstWeekday: number;
  readonly observedDays: number;
  readonly censoredDays: number;
  /** Censored days the shop was closed (SalesDay.closed): among censoredDays. */
  readonly closedDays: number;
  /** Censored days with sales read as demand (isObservedDay): counted in observedDays. */
  readonly soldOutDays: number;
  readonly clippedDays: number;
  /** The bulk-day bound when days were clipped, else null. */
  readonly clipBoundPacks: number | null;
  /** Days since the last day with a sale, censored days included (0 = last day); null = no sale at all. */
  readonly lastSaleDaysAgo: number | null;
}

/** Working copy for the median and MAD, grown on demand and reused: no allocation per spec in a batch. */
let scratch = new Float64Array(256);

function scratchOfLength(length: number): Float64Array {
  if (scratch.length < length) scratch = new Float64Array(Math.max(length, scratch.length * 2));
  return scratch;
}

/**
 * The history must hold every day, oldest first; checked cheaply by its ends (first + (n − 1) days = last),
 * which catches gaps, duplicates and reversed input without parsing every day. A batch passes the same days
 * for every spec of a shop, so the last answer is kept: 59 of 60 specs skip the date arithmetic.
 */
let checkedFirstDay = '';
let checkedLastDay = '';
let checkedLength = -1;
let checkedFirstWeekday = 1;

function firstWeekdayOf(history: readonly SalesDay[]): number {
  const first = history[0]!.day;
  const last = history[history.length - 1]!.day;
  if (first === checkedFirstDay && last === checkedLastDay && history.length === checkedLength) return checkedFirstWeekday;
  if (addDays(first, history.length - 1) !== last) {
    throw new RangeError(`sales history must list every day from ${first} to ${last} once, oldest first (got ${history.length} days)`);
  }
  checkedFirstWeekday = isoWeekday(first);
  checkedFirstDay = first;
  checkedLastDay = last;
  checkedLength = history.length;
  return checkedFirstWeekday;
}

/**
 * Whether a day's sales are read as its demand: an uncensored day; with censoredSalesAsDemand also a censored day
 * that had sales (the shop sold out: demand was at least that — a lower bound kept rather than dropped, because
 * for a lumpy spec the sell-out days are where most of the demand was).
 */
export function isObservedDay(day: SalesDay, params: Pick<ReplenishmentParams, 'censoredSalesAsDemand'>): boolean {
  return day.censored !== true || (params.censoredSalesAsDemand && day.qtyPacks > 0);
}

export function cleanHistory(history: readonly SalesDay[], params: Readonly<ReplenishmentParams>): CleanedHistory {
  const historyDays = history.length;
  const firstWeekday = historyDays > 0 ? firstWeekdayOf(history) : 1;

  let observedDays = 0;
  let soldOutDays = 0;
  let closedDays = 0;
  let lastSaleIndex = -1;
  for (let i = 0; i < historyDays; i++) {
    const day = history[i]!;
    const qtyPacks = day.qtyPacks;
    if (!Number.isFinite(qtyPacks)) throw new RangeError(`sales on ${day.day} must be a finite number of packs, got ${qtyPacks}`);
    if (qtyPacks > 0) lastSaleIndex = i;
    if (isObservedDay(day, params)) {
      observedDays++;
      if (day.censored === true) soldOutDays++;
    } else if (day.closed === true) closedDays++;
  }

  // Plain arrays: allocating two typed arrays per spec cost more than the rest of the cleaning together.
  const demandPacks: number[] = new Array<number>(observedDays);
  const weekdays: number[] = new Array<number>(observedDays);
  let saleDays = 0;
  for (let i = 0, k = 0; i < historyDays; i++) {
    const day = history[i]!;
    if (!isObservedDay(day, params)) continue;
    const qtyPacks = day.qtyPacks > 0 ? day.qtyPacks : 0;
    if (qtyPacks > 0) saleDays++;
    demandPacks[k] = qtyPacks;
    weekdays[k] = ((firstWeekday - 1 + i) % 7) + 1;
    k++;
  }

  const { clippedDays, clipBoundPacks } = clipBulkDays(demandPacks, saleDays, params);
  return {
    demandPacks,
    weekdays,
    historyDays,
    firstWeekday,
    observedDays,
    censoredDays: historyDays - observedDays,
    closedDays,
    soldOutDays,
    clippedDays,
    clipBoundPacks,
    lastSaleDaysAgo: lastSaleIndex < 0 ? null : historyDays - 1 - lastSaleIndex,
  };
}

/** The bulk-day bound of the sale days (qty > 0) in `demandPacks`, or null with too few sale days. */
export function bulkDayBoundPacks(demandPacks: ArrayLike<number>, params: Readonly<ReplenishmentParams>): number | null {
  let saleDays = 0;
  for (let i = 0; i < demandPacks.length; i++) if (demandPacks[i]! > 0) saleDays++;
  if (saleDays < params.clipMinSaleDays) return null;
  const values = scratchOfLength(saleDays);
  for (let i = 0, k = 0; i < demandPacks.length; i++) {
    const v = demandPacks[i]!;
    if (v > 0) values[k++] = v;
  }
  const medianPacks = medianInPlace(values, saleDays);
  for (let k = 0; k < saleDays; k++) values[k] = Math.abs(values[k]! - medianPacks);
  const madPacks = medianInPlace(values, saleDays);
  return Math.max(medianPacks + params.clipMadMultiple * MAD_TO_SIGMA * madPacks, params.clipMedianMultiple * medianPacks);
}

/** Clips one-off bulk days in place; returns how many and the bound (null when none were clipped). */
function clipBulkDays(
  demandPacks: number[],
  saleDays: number,
  params: Readonly<ReplenishmentParams>,
): { clippedDays: number; clipBoundPacks: number | null } {
  if (saleDays < params.clipMinSaleDays) return { clippedDays: 0, clipBoundPacks: null };
  const boundPacks = bulkDayBoundPacks(demandPacks, params);
  if (boundPacks === null) return { clippedDays: 0, clipBoundPacks: null };
  let above = 0;
  for (let i = 0; i < demandPacks.length; i++) if (demandPacks[i]! > boundPacks) above++;
  const maxOneOffDays = Math.max(1, Math.floor(params.clipMaxShareOfSaleDays * saleDays));
  if (above === 0 || above > maxOneOffDays) return { clippedDays: 0, clipBoundPacks: null };
  for (let i = 0; i < demandPacks.length; i++) if (demandPacks[i]! > boundPacks) demandPacks[i] = boundPacks;
  return { clippedDays: above, clipBoundPacks: boundPacks };
}

/** Median of values[0, n) by quickselect (reorders them): O(n), where sorting would be O(n log n). */
function medianInPlace(values: Float64Array, n: number): number {
  const mid = n >> 1;
  const upper = selectInPlace(values, n, mid);
  if (n % 2 === 1) return upper;
  // After selecting position mid, everything before it is ≤ it: the lower middle is their maximum.
  let lower = values[0]!;
  for (let i = 1; i < mid; i++) if (values[i]! > lower) lower = values[i]!;
  return (lower + upper) / 2;
}

/** The k-th smallest of values[0, n) (Hoare's quickselect, middle pivot); leaves values partitioned around it. */
function selectInPlace(values: Float64Array, n: number, k: number): number {
  let left = 0;
  let right = n - 1;
  while (left < right) {
    const pivot = values[(left + right) >> 1]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k]!;
}
