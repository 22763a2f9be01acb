/**
 * A shop's history as the rule reads it: the window of days before the order day, and each spec's daily sales
 * with the days that say nothing about demand marked censored, with stock on the order-day morning rolled forward
 * from the latest count. Pure: the figures are read by app/server/suggestions/history.server.ts (loadShopsData).
 */
import { addDays } from '../time';
import { closedDaysOf } from './closed-days';
import type { SalesDay } from './types';
import { rolledStockIsKnown } from './unknown-stock';

/** Days of sales history the rule reads. */
export const HISTORY_DAYS = 16 * 7;
/** A spec received within this many days is one the shop still restocks. */
export const RESTOCK_WINDOW_DAYS = 56;

/** One shop's figures over a history window, by spec id and day (YYYY-MM-DD). */
export interface ShopData {
  sales: Map<number, Map<string, number>>;
  receipts: Map<number, Map<string, number>>;
  /** Counts per spec, oldest first: { day, qtyPacks } (a count is taken in the morning, before trade). */
  counts: Map<number, Array<{ day: string; qtyPacks: number }>>;
  uploadedDays: Set<string>;
  /**
   * Spec-days an upload named only in refused lines, with no earlier figure (unknown_spec_days): the spec's sales
   * (or receipts) that day are unknown although the day has an upload.
   */
  unknownSales: Map<number, Set<string>>;
  unknownReceipts: Map<number, Set<string>>;
  inTransitPacks: Map<number, number>;
}

export function emptyShopData(): ShopData {
  return { sales: new Map(), receipts: new Map(), counts: new Map(), uploadedDays: new Set(), unknownSales: new Map(), unknownReceipts: new Map(), inTransitPacks: new Map() };
}

/** The history window of a shop ordering on `orderDay`: the HISTORY_DAYS days before it, oldest first. */
export function historyDaysBefore(orderDay: string): string[] {
  const fromDay = addDays(orderDay, -HISTORY_DAYS);
  return Array.from({ length: HISTORY_DAYS }, (_, i) => addDays(fromDay, i));
}

/**
 * The days of the window the shop was closed by its own sales (closed-days.ts): an upload without a single sale
 * of any spec, in a shop whose specs together make such a day too unlikely to be chance. A day with a refused
 * line, and days from `today` on, are not judged (their sales are not fully on record).
 */
export function shopClosedDays(days: readonly string[], data: ShopData, today?: string): Set<string> {
  const refusedDays = new Set<string>();
  for (const set of data.unknownSales.values()) for (const day of set) refusedDays.add(day);
  const index = new Map(days.map((day, t) => [day, t]));
  const specs = [...data.sales.values()].map((byDay) => {
    const soldPacks = new Float64Array(days.length);
    for (const [day, qtyPacks] of byDay) {
      const t = index.get(day);
      if (t !== undefined) soldPacks[t] = soldPacks[t]! + qtyPacks;
    }
    return { first: 0, soldPacks };
  });
  const closed = closedDaysOf({
    dayCount: days.length,
    recorded: (t) => {
      const day = days[t]!;
      return data.uploadedDays.has(day) && !refusedDays.has(day) && (today === undefined || day < today);
    },
    specs,
  });
  const result = new Set<string>();
  for (let t = 0; t < days.length; t++) if (closed[t]) result.add(days[t]!);
  return result;
}

/** One shop's closed days per window, computed once for all its specs (the batch asks per spec). */
const closedDaysMemo = new WeakMap<ShopData, { days: readonly string[]; today: string | undefined; closed: Set<string> }>();

function closedDaysFor(days: readonly string[], data: ShopData, today: string | undefined): Set<string> {
  const memo = closedDaysMemo.get(data);
  if (memo && memo.today === today && (memo.days === days || (memo.days.length === days.length && memo.days[0] === days[0]))) return memo.closed;
  const closed = shopClosedDays(days, data, today);
  closedDaysMemo.set(data, { days, today, closed });
  return closed;
}

/**
 * The spec's daily history with censored days: days the shop was closed (shopClosedDays: uploaded, nothing of
 * any spec sold, in a shop where that is not chance — flagged `closed`), days the shop sent no sales (nothing is known), and days it
 * had none of the spec on the shelf (derived from its counts, receipts and sales) and sold none — a zero
 * then says nothing about demand; also days whose figure for the spec an upload refused with no earlier figure
 * to keep. Also returns stock on the order-day morning, rolled forward from the latest count: null without a
 * count, or when the count is too old or too many days since are not on record to roll it forward
 * (rolledStockIsKnown) — unknown, not 0. Days from `today` on (suggestions computed ahead of the order day) have
 * no data yet: they are not missing records.
 */
export function specHistory(days: readonly string[], data: ShopData, specId: number, today?: string): { history: SalesDay[]; onHandPacks: number | null } {
  const sales = data.sales.get(specId);
  const receipts = data.receipts.get(specId);
  const counts = data.counts.get(specId) ?? [];
  const unknownSales = data.unknownSales.get(specId);
  const unknownReceipts = data.unknownReceipts.get(specId);
  let nextCount = 0;
  let stock: number | null = null;
  let countIndex = 0;
  let unrecordedSalesSinceCount = 0;
  let unrecordedReceiptsSinceCount = 0;
  const history: SalesDay[] = [];
  // An empty shelf hides demand only while the shop still restocks the spec; a spec it stopped receiving is
  // left uncensored, so the rule can see that it no longer sells there.
  const lastReceipt = receipts ? [...receipts.keys()].sort().at(-1) : undefined;
  const stillRestocked = lastReceipt !== undefined && lastReceipt >= days[Math.max(0, days.length - RESTOCK_WINDOW_DAYS)]!;
  const closedDays = closedDaysFor(days, data, today);
  for (let i = 0; i < days.length; i++) {
    const day = days[i]!;
    while (nextCount < counts.length && counts[nextCount]!.day <= day) {
      if (counts[nextCount]!.day === day) {
        stock = counts[nextCount]!.qtyPacks;
        countIndex = i;
        unrecordedSalesSinceCount = 0;
        unrecordedReceiptsSinceCount = 0;
      }
      nextCount++;
    }
    const sold = sales?.get(day) ?? 0;
    const received = receipts?.get(day) ?? 0;
    const salesUnknown = !data.uploadedDays.has(day) || unknownSales?.has(day) === true;
    const outOfStock = stillRestocked && stock !== null && stock <= 0 && received === 0 && sold === 0;
    // A closed day sold nothing and is on record: the stock rolls forward through it unchanged.
    if (closedDays.has(day)) history.push({ day, qtyPacks: sold, censored: true, closed: true });
    else history.push({ day, qtyPacks: sold, censored: salesUnknown || outOfStock });
    if (stock !== null) {
      stock += received - sold;
      if (salesUnknown && (today === undefined || day < today)) unrecordedSalesSinceCount++;
      if (unknownReceipts?.has(day)) unrecordedReceiptsSinceCount++;
    }
  }
  const known = stock !== null && rolledStockIsKnown(days.length - countIndex, unrecordedSalesSinceCount, unrecordedReceiptsSinceCount);
  return { history, onHandPacks: known ? stock : null };
}
