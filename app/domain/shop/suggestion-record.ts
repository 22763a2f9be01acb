/**
 * "How did the suggestions do for me" (建议准不准): per recent cycle, what was suggested, what the shop ordered,
 * what it sold over the days that order had to cover, and on how many of those days something it carries was
 * out of stock. Pure: the server reads the rows (app/server/suggestion-record.server.ts).
 *
 * Definitions:
 * - **The suggestion in force** is the one made before the shop's cut-off on its order day. For a spec the shop
 *   ordered it is the suggestion its order line kept at submit (what 配货匹配率 compares against); for a spec it
 *   did not order, the stored suggestion when it was computed by the cut-off — one recomputed later (staff
 *   measuring a past cycle's forecast) was never shown to the shop and does not count — and was in its draft: a
 *   spec only offered because similar shops sell it was never put in the cart, so it is not "suggested".
 * - **The period** an order covers: from its delivery day up to the next delivery (one cycle's length later).
 *   Sales are counted over the days of it that have passed, and converted to cartons spec by spec.
 * - **A day without stock**: a day of the period on which at least one spec the shop carries (sold in the
 *   CARRIED_DAYS before) had nothing on the shelf — the last stock count, no more than COUNT_MAX_AGE_DAYS old,
 *   rolled forward with receipts and sales comes to 0 or less with that day's receipts, and nothing of it sold
 *   that day. A spec with no usable count is unknown, not out; when no carried spec is known the figure is null.
 */
import { addDays, daysBetween, daysInRange } from '../time';

/** A spec counts as carried on a day when the shop sold it in this many days before. */
export const CARRIED_DAYS = 28;
/** A count older than this is not rolled forward (as the suggestion rule: STOCK_COUNT_MAX_AGE_DAYS). */
export const COUNT_MAX_AGE_DAYS = 56;
/** How many recent cycles the page shows. */
export const RECORD_CYCLES = 8;

const PLACED = new Set(['submitted', 'allocated', 'confirmed', 'delivered']);

export interface RecordLine {
  specId: number;
  requestedCartons: number;
  /** The suggestion the line kept at submit; null = none was shown. */
  suggestedCartons: number | null;
}

export interface StoredSuggestion {
  specId: number;
  suggestedCartons: number;
  computedAt: string;
  /** Offered because similar shops sell it: shown beside the draft, not in it, so not counted as suggested. */
  offered?: boolean;
}

/**
 * Cartons suggested in force for one cycle (see the top of this file); null when no suggestion was in force at all
 * (none computed by the cut-off and no line kept one).
 */
export function suggestedInForceCartons(orderPlaced: boolean, lines: readonly RecordLine[], suggestions: readonly StoredSuggestion[], cutoffAt: string): number | null {
  const cutoff = Date.parse(cutoffAt);
  const ordered = new Set(orderPlaced ? lines.map((l) => l.specId) : []);
  let known = false;
  let cartons = 0;
  if (orderPlaced) {
    for (const l of lines) {
      if (l.suggestedCartons === null) continue;
      known = true;
      cartons += l.suggestedCartons;
    }
  }
  for (const s of suggestions) {
    if (ordered.has(s.specId) || s.offered || Date.parse(s.computedAt) > cutoff) continue;
    known = true;
    cartons += s.suggestedCartons;
  }
  return known ? cartons : null;
}

export function orderedCartons(status: string | null, lines: readonly RecordLine[]): number {
  if (status === null || !PLACED.has(status)) return 0;
  return lines.reduce((sum, l) => sum + l.requestedCartons, 0);
}

/** Packs sold spec by spec, in cartons (to one decimal). */
export function soldCartons(salesPacksBySpec: ReadonlyMap<number, number>, packsPerCarton: ReadonlyMap<number, number>): number {
  let cartons = 0;
  for (const [specId, packs] of salesPacksBySpec) cartons += packs / (packsPerCarton.get(specId) || 10);
  return Math.round(cartons * 10) / 10;
}

export interface StockHistory {
  /** Sales and receipts in packs, keyed `${specId}|${day}`. */
  sales: ReadonlyMap<string, number>;
  receipts: ReadonlyMap<string, number>;
  /** Counts, oldest first: the day (a count is taken in the morning, before trade) and packs per spec counted. */
  counts: ReadonlyArray<{ day: string; lines: ReadonlyMap<number, number> }>;
}

export const dayKey = (specId: number, day: string) => `${specId}|${day}`;

/**
 * For each day from `from` to `to`: the specs carried that day that were out of stock, and whether any carried
 * spec's stock was known. Reads the history from COUNT_MAX_AGE_DAYS before `from`.
 */
export function stockOutDays(history: StockHistory, specIds: readonly number[], from: string, to: string): Map<string, { out: number[]; known: boolean }> {
  const result = new Map<string, { out: number[]; known: boolean }>();
  const days = daysInRange(from, to);
  for (const d of days) result.set(d, { out: [], known: false });
  if (!days.length) return result;
  const start = addDays(from, -COUNT_MAX_AGE_DAYS);
  const walk = daysInRange(start, to);
  for (const specId of specIds) {
    const countDays = new Map<string, number>();
    for (const c of history.counts) {
      const qty = c.lines.get(specId);
      if (qty !== undefined) countDays.set(c.day, qty);
    }
    let stock: number | null = null;
    let countDay: string | null = null;
    // The walk starts COUNT_MAX_AGE_DAYS (> CARRIED_DAYS) before `from`, so every sale that makes a spec carried
    // on a day from `from` on is seen before that day.
    let lastSale: string | null = null;
    for (const d of walk) {
      const counted = countDays.get(d);
      if (counted !== undefined) {
        stock = counted;
        countDay = d;
      }
      const received = history.receipts.get(dayKey(specId, d)) ?? 0;
      const sold = history.sales.get(dayKey(specId, d)) ?? 0;
      const entry = result.get(d);
      const carried = lastSale !== null && daysBetween(lastSale, d) <= CARRIED_DAYS;
      if (entry && carried) {
        const known = stock !== null && countDay !== null && daysBetween(countDay, d) <= COUNT_MAX_AGE_DAYS;
        if (known) {
          entry.known = true;
          if (stock! + received <= 0 && sold === 0) entry.out.push(specId);
        }
      }
      if (stock !== null) stock = stock + received - sold;
      if (sold > 0) lastSale = d;
    }
  }
  return result;
}

export interface CycleRecordInput {
  code: string;
  orderDay: string;
  cutoffAt: string;
  /** First and last day of the period the order covers. */
  periodFrom: string;
  periodTo: string;
  orderStatus: string | null;
  lines: readonly RecordLine[];
  suggestions: readonly StoredSuggestion[];
}

export interface CycleRecord {
  code: string;
  orderDay: string;
  periodFrom: string;
  /** The last day counted (yesterday at most); before periodFrom when none has passed. */
  countedTo: string;
  /** Every day of the period has passed. */
  complete: boolean;
  orderStatus: string | null;
  suggestedCartons: number | null;
  orderedCartons: number;
  soldCartons: number;
  /** Days of the period counted, and of those with a sales upload. */
  days: number;
  salesDays: number;
  /** Days on which a carried spec ran out; null when no carried spec's stock was known on any day. */
  daysWithoutStock: number | null;
  /** Specs that ran out on some day of the period. */
  specsOut: number[];
}

/** One cycle's record, from its rows and the shop's history (sales up to yesterday). */
export function cycleRecord(
  input: CycleRecordInput,
  history: StockHistory,
  packsPerCarton: ReadonlyMap<number, number>,
  salesUploadDays: ReadonlySet<string>,
  /** Every spec the shop's history names. */
  specIds: readonly number[],
  today: string,
): CycleRecord {
  const yesterday = addDays(today, -1);
  const countedTo = input.periodTo < yesterday ? input.periodTo : yesterday;
  const days = countedTo >= input.periodFrom ? daysInRange(input.periodFrom, countedTo) : [];
  const placed = input.orderStatus !== null && PLACED.has(input.orderStatus);
  const sales = new Map<number, number>();
  for (const specId of specIds) {
    let packs = 0;
    for (const d of days) packs += history.sales.get(dayKey(specId, d)) ?? 0;
    if (packs) sales.set(specId, packs);
  }
  let daysWithoutStock: number | null = null;
  const specsOut = new Set<number>();
  if (days.length) {
    const outs = stockOutDays(history, specIds, input.periodFrom, countedTo);
    let known = false;
    let out = 0;
    for (const entry of outs.values()) {
      if (entry.known) known = true;
      if (entry.out.length) out++;
      for (const s of entry.out) specsOut.add(s);
    }
    daysWithoutStock = known ? out : null;
  }
  return {
    code: input.code,
    orderDay: input.orderDay,
    periodFrom: input.periodFrom,
    countedTo,
    complete: input.periodTo <= yesterday,
    orderStatus: input.orderStatus,
    suggestedCartons: suggestedInForceCartons(placed, input.lines, input.suggestions, input.cutoffAt),
    orderedCartons: orderedCartons(input.orderStatus, input.lines),
    soldCartons: soldCartons(sales, packsPerCarton),
    days: days.length,
    salesDays: days.filter((d) => salesUploadDays.has(d)).length,
    daysWithoutStock,
    specsOut: [...specsOut].sort((a, b) => a - b),
  };
}

/** How the shop's orders compared with the suggestions over the complete cycles, in one word for the summary. */
export type RecordVerdict = 'no_data' | 'close' | 'ordered_more' | 'ordered_less';

/** Within this share of the suggestion, the shop ordered "about what was suggested". */
export const CLOSE_SHARE = 0.15;

export function recordSummary(records: readonly CycleRecord[]) {
  const used = records.filter((r) => r.complete && r.suggestedCartons !== null);
  const suggested = used.reduce((s, r) => s + r.suggestedCartons!, 0);
  const ordered = used.reduce((s, r) => s + r.orderedCartons, 0);
  const sold = Math.round(used.reduce((s, r) => s + r.soldCartons, 0) * 10) / 10;
  const known = records.filter((r) => r.complete && r.daysWithoutStock !== null);
  const daysWithoutStock = known.length ? known.reduce((s, r) => s + r.daysWithoutStock!, 0) : null;
  let verdict: RecordVerdict = 'no_data';
  if (used.length) {
    if (Math.abs(ordered - suggested) <= CLOSE_SHARE * Math.max(suggested, 1)) verdict = 'close';
    else verdict = ordered > suggested ? 'ordered_more' : 'ordered_less';
  }
  return { cycles: used.length, suggested, ordered, sold, daysWithoutStock, stockKnownCycles: known.length, verdict };
}
