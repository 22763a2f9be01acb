/**
 * What one retailer contributes on one day, from plain rows: its order for a cycle (on its order day), its
 * uploads, sales, receipts and stock counts. The roll-up refresh and the tests both build counts through these.
 */
import { accuracyRows } from '../forecast-accuracy';
import { addDays } from '../time';
import { emptyCounts, type Counts } from './counts';

/** Orders that count as placed for 订单成功率 (a failed one, e.g. 扣款失败, does not). */
export const SUCCESS_STATUSES = ['submitted', 'allocated', 'confirmed', 'delivered'] as const;

export function isSuccessfulOrder(status: string | null | undefined): boolean {
  return status !== null && status !== undefined && (SUCCESS_STATUSES as readonly string[]).includes(status);
}

/** A retailer's stock is "known" for 存销比 when its last count is at most this many days old. */
export const STOCK_KNOWN_DAYS = 35;
/** 新品上柜: a sale of the new spec within this many days after the order day. */
export const NEW_LISTING_DAYS = 14;
/** 客户断货: a spec counts as carried when it is on the shelf or the shop sold it in this many days before the count. */
export const CARRIED_SALES_DAYS = 28;

export interface OrderLineFact {
  requestedCartons: number;
  /** The cap that applied; null = none. */
  capCartons: number | null;
  /** The suggestion in force at submit; null = none. */
  suggestedCartons: number | null;
  allocatedCartons: number | null;
  isScarce: boolean;
  isNew: boolean;
  /** The shop scanned a sale of this spec within NEW_LISTING_DAYS after its order day. */
  soldSoonAfter: boolean;
}

export interface StoredSuggestionFact {
  specId: number;
  suggestedCartons: number;
  /** When it was computed (an instant). */
  computedAt: string;
  /** Offered because similar shops sell it (shown beside the draft, never put in it). */
  offered: boolean;
}

/**
 * Whether a stored suggestion was the one in force for an order day: computed by the shop's cut-off. One computed
 * later (staff measuring a past cycle, a batch rerun after the order day) was never shown to the shop.
 */
export function inForce(s: Pick<StoredSuggestionFact, 'computedAt'>, cutoffAt: string): boolean {
  return Date.parse(s.computedAt) <= Date.parse(cutoffAt);
}

/**
 * "Suggested, not ordered" (配货匹配率): the suggestions in force for specs the order has no line for that were in
 * the shop's draft — more than 0 cartons and not merely offered (app/domain/replenishment/draft-check.ts).
 */
export function unorderedDraftCartons(suggestions: readonly StoredSuggestionFact[], orderedSpecIds: ReadonlySet<number>, cutoffAt: string): number[] {
  return suggestions.filter((s) => s.suggestedCartons > 0 && !s.offered && !orderedSpecIds.has(s.specId) && inForce(s, cutoffAt)).map((s) => s.suggestedCartons);
}

export interface OrderDayInput {
  /** The order's status, or null when the retailer has no order for the cycle. */
  status: string | null;
  lines: readonly OrderLineFact[];
  /** Suggestions in force and in the draft for specs the order has no line for (unorderedDraftCartons). */
  unorderedSuggestionsCartons: readonly number[];
  /** The retailer's grade has a cap > 0 for at least one scarce spec of the cycle. */
  scarceEligible: boolean;
}

/** The order-day counts of one retailer and cycle (everything except the streak and forecast). */
export function orderDayCounts(input: OrderDayInput): Counts {
  const c = emptyCounts();
  c.dueOrder = 1;
  const ok = isSuccessfulOrder(input.status);
  c.orderedOk = ok ? 1 : 0;
  c.orderFailed = input.status === 'failed' ? 1 : 0;
  c.scarceEligible = input.scarceEligible ? 1 : 0;
  if (!ok) return c;
  let scarceAllocated = false;
  for (const l of input.lines) {
    if (l.allocatedCartons !== null) {
      c.fulRequestedCartons += l.requestedCartons;
      c.fulAllocatedCartons += l.allocatedCartons;
    }
    if (l.capCartons !== null) {
      c.capLines += 1;
      c.capRequestedCartons += l.requestedCartons;
      c.capCartons += l.capCartons;
      if (l.requestedCartons >= l.capCartons) c.capLinesFull += 1;
    }
    if (l.suggestedCartons !== null || l.requestedCartons > 0) {
      c.matchAbsDiffCartons += Math.abs(l.requestedCartons - (l.suggestedCartons ?? 0));
      c.matchSuggestedCartons += l.suggestedCartons ?? 0;
    }
    const allocated = (l.allocatedCartons ?? 0) >= 1;
    if (l.isScarce && allocated) scarceAllocated = true;
    if (l.isNew && allocated) {
      c.newAllocated += 1;
      if (l.soldSoonAfter) c.newListed += 1;
    }
  }
  for (const s of input.unorderedSuggestionsCartons) {
    c.matchAbsDiffCartons += s;
    c.matchSuggestedCartons += s;
  }
  c.scarceCovered = input.scarceEligible && scarceAllocated ? 1 : 0;
  return c;
}

/** Cycles in a row without a successful order, ending at this one. */
export function nextEmptyStreak(previousStreak: number, orderedOk: boolean): number {
  return orderedOk ? 0 : previousStreak + 1;
}

export interface ForecastPairPacks {
  specId: number;
  forecastPacks: number;
  actualPacks: number;
}

/** Σ|F − A| and Σ A of a retailer's (spec) pairs, rounded as the county's forecast accuracy rounds them. */
export function forecastCounts(pairs: readonly ForecastPairPacks[]): Pick<Counts, 'fcAbsErrorPacks' | 'fcActualPacks'> {
  if (!pairs.length) return { fcAbsErrorPacks: 0, fcActualPacks: 0 };
  const county = accuracyRows(pairs)[0]!;
  return { fcAbsErrorPacks: county.absErrorPacks, fcActualPacks: county.actualPacks };
}

export interface StockState {
  /** Estimated closing stock in packs (meaningful only while the count is recent). */
  stockPacks: number;
  /** Day of the last count, or null when the shop never counted. */
  countDay: string | null;
}

/**
 * One day of the stock estimate. A count is taken in the morning before trade, so on a count day the closing
 * stock is the count plus that day's receipts minus its sales; otherwise yesterday's closing stock moves the same way.
 */
export function stockStep(previous: StockState | null, day: string, countPacks: number | null, receiptsPacks: number, salesPacks: number): StockState {
  if (countPacks !== null) return { stockPacks: countPacks + receiptsPacks - salesPacks, countDay: day };
  if (!previous || previous.countDay === null) return { stockPacks: 0, countDay: null };
  return { stockPacks: previous.stockPacks + receiptsPacks - salesPacks, countDay: previous.countDay };
}

/** The earliest count day that still makes a day's stock known. */
export function stockKnownFrom(day: string): string {
  return addDays(day, -STOCK_KNOWN_DAYS);
}

/** Pass `knownFrom` (stockKnownFrom(day)) when calling in a loop over many retailers for one day. */
export function stockIsKnown(state: StockState, day: string, knownFrom = stockKnownFrom(day)): boolean {
  return state.countDay !== null && state.countDay >= knownFrom && state.countDay <= day;
}
