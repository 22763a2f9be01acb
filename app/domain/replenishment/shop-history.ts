/**
 * A shop's history as the rule reads it: the window of days before the order day, and each spec's daily sales
 * with the days that say nothing about demand marked censored, with stock on the order-day morning rolled forward
 * from the latest count. Pure: the figures are read by app/server/suggestions/history.server.ts (loadShopsData).
 */
import { addDays } from '../time';
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
 * The spec's daily history with censored days: days the shop sent no sales (nothing is known), and days it
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
    history.push({ day, qtyPacks: sold, censored: salesUnknown || outOfStock });
    if (stock !== null) {
      stock += received - sold;
      if (salesUnknown && (today === undefined || day < today)) unrecordedSalesSinceCount++;
      if (unknownReceipts?.has(day)) unrecordedReceiptsSinceCount++;
    }
  }
  const known = stock !== null && rolledStockIsKnown(days.length - countIndex, unrecordedSalesSinceCount, unrecordedReceiptsSinceCount);
  return { history, onHandPacks: known ? stock : null };
}
