/**
 * One shop's history rearranged for the checks: per spec, the days with recorded flows (sales, receipts)
 * in order with running totals, and the spec's counts in order. Built once per checkShop call, so every
 * check answers "receipts and sales over [D1, D2)" with two binary searches instead of rescanning days.
 */
import { lowerBound } from './stats';
import type { ShopHistory } from './types';

export interface SpecCount {
  /** Asia/Shanghai day of the count (taken in the morning, before that day's trade). */
  day: string;
  countedAt: string;
  qtyPacks: number;
}

export interface SpecHistory {
  specId: number;
  /** Days with any recorded sales or receipts of the spec, ascending and distinct. */
  days: string[];
  /** Packs sold / received on days[i] (several rows for one day are added up). */
  salesPacks: number[];
  receiptsPacks: number[];
  /** Running totals: cumulative*[i] = Σ over days[0 … i−1]; one longer than days. */
  cumulativeSalesPacks: number[];
  cumulativeReceiptsPacks: number[];
  /**
   * Counts that list this spec, oldest first, at most one per day: a recount the same morning supersedes
   * the earlier one (the later countedAt wins), so no check ever compares two counts of one morning.
   */
  counts: SpecCount[];
}

export interface CountSummary {
  day: string;
  countedAt: string;
  /** Packs per spec listed; a spec not listed was not counted. */
  qtyBySpec: ReadonlyMap<number, number>;
}

export interface PreparedHistory {
  /** Ascending specId. */
  specs: SpecHistory[];
  /** Every count of the shop, oldest first (by countedAt). */
  counts: CountSummary[];
  /** Days with at least one recorded sales row, ascending, and the shop's total packs sold on each. */
  salesDays: string[];
  salesTotalPacks: number[];
}

export function prepareHistory(history: ShopHistory): PreparedHistory {
  // Days become small integers once (a shop's history spans a few hundred distinct days at most), so the
  // per-row work is two map look-ups and two additions into dense per-spec arrays, with no sorting of rows.
  const distinctDays = new Set<string>();
  let previous = '';
  for (const rows of [history.sales, history.receipts]) {
    for (const row of rows) {
      if (row.day === previous) continue;
      previous = row.day;
      distinctDays.add(row.day);
    }
  }
  const allDays = [...distinctDays].sort();
  const dayIndex = new Map<string, number>();
  allDays.forEach((day, i) => dayIndex.set(day, i));

  // Plain arrays: allocating small typed arrays costs more than the whole walk over a shop's rows.
  const denseBySpec = new Map<number, { sales: number[]; receipts: number[] }>();
  const denseOf = (specId: number) => {
    let dense = denseBySpec.get(specId);
    if (!dense) {
      dense = { sales: new Array<number>(allDays.length).fill(0), receipts: new Array<number>(allDays.length).fill(0) };
      denseBySpec.set(specId, dense);
    }
    return dense;
  };
  const salesTotals = new Array<number>(allDays.length).fill(0);
  const hasSales = new Array<boolean>(allDays.length).fill(false);
  // Rows usually arrive grouped by day or by spec; remembering the last look-up skips most hashing.
  let lastDay = '';
  let lastDayIndex = -1;
  const indexOfDay = (day: string) => {
    if (day !== lastDay) {
      lastDay = day;
      lastDayIndex = dayIndex.get(day)!;
    }
    return lastDayIndex;
  };
  for (const s of history.sales) {
    const i = indexOfDay(s.day);
    const dense = denseOf(s.specId);
    dense.sales[i]! += s.qtyPacks;
    salesTotals[i]! += s.qtyPacks;
    hasSales[i] = true;
  }
  for (const r of history.receipts) {
    const i = indexOfDay(r.day);
    const dense = denseOf(r.specId);
    dense.receipts[i]! += r.qtyPacks;
  }

  // The contract says oldest first; sorting again (stable) costs little and protects every check.
  const counts: CountSummary[] = [...history.counts]
    .sort((a, b) => (a.countedAt < b.countedAt ? -1 : a.countedAt > b.countedAt ? 1 : 0))
    .map((c) => {
      const qtyBySpec = new Map<number, number>();
      for (const line of c.lines) qtyBySpec.set(line.specId, (qtyBySpec.get(line.specId) ?? 0) + line.qtyPacks);
      return { day: c.day, countedAt: c.countedAt, qtyBySpec };
    });

  const countsBySpec = new Map<number, SpecCount[]>();
  for (const c of counts) {
    for (const [specId, qtyPacks] of c.qtyBySpec) {
      let list = countsBySpec.get(specId);
      if (!list) countsBySpec.set(specId, (list = []));
      const last = list[list.length - 1];
      const entry = { day: c.day, countedAt: c.countedAt, qtyPacks };
      if (last && last.day === c.day) list[list.length - 1] = entry;
      else list.push(entry);
    }
  }

  const specIds = new Set<number>([...denseBySpec.keys(), ...countsBySpec.keys()]);
  const specs = [...specIds]
    .sort((a, b) => a - b)
    .map((specId): SpecHistory => {
      const dense = denseBySpec.get(specId);
      const days: string[] = [];
      const salesPacks: number[] = [];
      const receiptsPacks: number[] = [];
      if (dense) {
        for (let i = 0; i < allDays.length; i++) {
          // A day whose rows add up to nothing moves no stock and is left out.
          if (dense.sales[i] === 0 && dense.receipts[i] === 0) continue;
          days.push(allDays[i]!);
          salesPacks.push(dense.sales[i]!);
          receiptsPacks.push(dense.receipts[i]!);
        }
      }
      return {
        specId,
        days,
        salesPacks,
        receiptsPacks,
        cumulativeSalesPacks: runningTotals(salesPacks),
        cumulativeReceiptsPacks: runningTotals(receiptsPacks),
        counts: countsBySpec.get(specId) ?? [],
      };
    });

  const salesDays: string[] = [];
  const salesTotalPacks: number[] = [];
  allDays.forEach((day, i) => {
    if (!hasSales[i]) return;
    salesDays.push(day);
    salesTotalPacks.push(salesTotals[i]!);
  });
  return { specs, counts, salesDays, salesTotalPacks };
}

function runningTotals(values: readonly number[]): number[] {
  const totals = [0];
  let sum = 0;
  for (const v of values) totals.push((sum += v));
  return totals;
}

/** Receipts and sales of a spec over the days [fromDay, toDay) — what moves stock between two morning counts. */
export function flowsBetween(spec: SpecHistory, fromDay: string, toDay: string): { receiptsPacks: number; salesPacks: number } {
  const from = lowerBound(spec.days, fromDay);
  const to = lowerBound(spec.days, toDay);
  if (to <= from) return { receiptsPacks: 0, salesPacks: 0 };
  return {
    receiptsPacks: spec.cumulativeReceiptsPacks[to]! - spec.cumulativeReceiptsPacks[from]!,
    salesPacks: spec.cumulativeSalesPacks[to]! - spec.cumulativeSalesPacks[from]!,
  };
}

/** What a count should read if nothing was lost or mis-scanned since an earlier count: earlier + receipts − sales. */
export function expectedCount(spec: SpecHistory, from: SpecCount, toDay: string): { expectedQtyPacks: number; receiptsPacks: number; salesPacks: number } {
  const { receiptsPacks, salesPacks } = flowsBetween(spec, from.day, toDay);
  return { expectedQtyPacks: from.qtyPacks + receiptsPacks - salesPacks, receiptsPacks, salesPacks };
}

/**
 * The consecutive pair of this spec's counts whose window [D1, D2) holds `day`: index of D1 in spec.counts,
 * or −1 when no count of the spec precedes the day or none follows it (the window is still open).
 */
export function closedWindowAround(spec: SpecHistory, day: string): number {
  // Counts on `day` itself are taken before the day's trade, so they open the window rather than close it.
  let lo = 0;
  let hi = spec.counts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spec.counts[mid]!.day <= day) lo = mid + 1;
    else hi = mid;
  }
  const opening = lo - 1;
  return opening >= 0 && lo < spec.counts.length ? opening : -1;
}
