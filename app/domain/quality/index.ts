/**
 * Data-quality checks over one shop's recorded data (扫码错误必改正、库存误差必修改). Pure and deterministic:
 * the same history and options give the same issues in the same order.
 *
 *   checkShop(history, options) → QualityIssue[]  (sorted by day, then kind, then specId; null spec first)
 *
 * The rules, each in its own module with its reasons:
 * - stock_discrepancy (identity.ts): consecutive counts listing the spec, |counted − (previous + receipts −
 *   sales over [D1, D2))| > tolerancePacks (default 2); one wrong count gives one issue, on its own day.
 * - negative_stock (negative-stock.ts): stock rolled forward from the latest count below zero at the end of a
 *   day; one issue per spec per episode, on its first day.
 * - sales_never_received (never-received.ts): a spec's first sale, with no receipt and no count > 0 up to
 *   that day, judged only after a count that shows the shop without it.
 * - looks_times_ten (times-ten.ts): sales or receipts of a day ≥ 8 × the spec's typical day (median of ≥ 5
 *   other nonzero days), a multiple of 10, ÷ 10 believable (and whole cartons where the flow always is), and
 *   not vouched for by a balanced count window around it.
 * - outlier_day (outlier-day.ts): a day's total sales > median + 6 MAD, ≥ 3 × median (≥ 14 other days) and
 *   ≥ 3 × the median of the 6 recorded days before it.
 *
 * One mistake, one issue, where the checks can tell:
 * - a negative-stock episode is not reported when, in the same count window and on or before its first day,
 *   the spec already has a looks_times_ten (sales) or sales_never_received issue: fixing that one is what
 *   the shop should do, and once fixed the checks run again on the corrected data;
 * - an outlier day that the day's looks_times_ten findings explain is left to them (see outlier-day.ts);
 * - stock_discrepancy is always reported: it is the 库存误差 the shop must fix or explain, even when a ×10
 *   in its window is the likely cause.
 * Each (kind, specId, day) appears at most once (the issue store keys on it); should sales and receipts of
 * one spec both look ×10 on the same day, the sales finding is the one reported.
 *
 * options.fromDay limits what is *reported*; every check still reads the whole history for its baselines,
 * counts and windows.
 */
import { isDay } from '../time';
import { prepareHistory } from './history';
import { findStockDiscrepancies } from './identity';
import { findNegativeStockEpisodes, negativeStockIssue, type NegativeStockEpisode } from './negative-stock';
import { findSalesNeverReceived } from './never-received';
import { findOutlierDays } from './outlier-day';
import { DEFAULT_TOLERANCE_PACKS } from './thresholds';
import { findTimesTen, timesTenIssue, type TimesTenFinding } from './times-ten';
import type { QualityIssue, QualityOptions, ShopHistory } from './types';

export { DEFAULT_TOLERANCE_PACKS, OUTLIER_DAY, TIMES_TEN } from './thresholds';
export type { QualityIssue, QualityIssueKind, QualityOptions, ShopHistory, DayQty, StockCountSnapshot } from './types';

export function checkShop(history: ShopHistory, options: QualityOptions = {}): QualityIssue[] {
  const tolerancePacks = options.tolerancePacks ?? DEFAULT_TOLERANCE_PACKS;
  if (!(Number.isFinite(tolerancePacks) && tolerancePacks >= 0)) {
    throw new RangeError(`tolerancePacks must be a finite number ≥ 0, got ${tolerancePacks}`);
  }
  const fromDay = options.fromDay;
  if (fromDay !== undefined && !isDay(fromDay)) throw new RangeError(`fromDay must be a day YYYY-MM-DD, got ${fromDay}`);
  const prepared = prepareHistory(history);

  const timesTen = findTimesTen(prepared, tolerancePacks);
  const neverReceived = findSalesNeverReceived(prepared);
  const moreSpecificDays = daysBySpec([...timesTen.filter((f) => f.flow === 'sales'), ...neverReceived]);
  const negatives = findNegativeStockEpisodes(prepared).filter((e) => !explainedElsewhere(e, moreSpecificDays));

  const issues: QualityIssue[] = [
    ...findStockDiscrepancies(prepared, tolerancePacks),
    ...negatives.map(negativeStockIssue),
    ...neverReceived,
    ...uniqueBySpecAndDay(timesTen).map(timesTenIssue),
    ...findOutlierDays(prepared, timesTen),
  ];
  return (fromDay === undefined ? issues : issues.filter((i) => i.day >= fromDay)).sort(compareIssues);
}

/** The key the issue store uses for one finding: kind:spec:day (spec empty for shop-level issues). */
export function qualityIssueKey(issue: Pick<QualityIssue, 'kind' | 'specId' | 'day'>): string {
  return `${issue.kind}:${issue.specId ?? ''}:${issue.day}`;
}

function daysBySpec(findings: ReadonlyArray<{ specId: number | null; day: string }>): Map<number, string[]> {
  const days = new Map<number, string[]>();
  for (const f of findings) {
    if (f.specId === null) continue;
    const list = days.get(f.specId);
    if (list) list.push(f.day);
    else days.set(f.specId, [f.day]);
  }
  return days;
}

/** A ×10 sale or a never-received sale of the spec in the episode's count window, on or before its first day. */
function explainedElsewhere(episode: NegativeStockEpisode, moreSpecificDays: ReadonlyMap<number, readonly string[]>): boolean {
  return (moreSpecificDays.get(episode.specId) ?? []).some((day) => day >= episode.fromCountDay && day <= episode.day);
}

/** Findings come sales first, per spec, so keeping the first per (spec, day) prefers the sales finding. */
function uniqueBySpecAndDay(findings: readonly TimesTenFinding[]): TimesTenFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.specId}:${f.day}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function compareIssues(a: QualityIssue, b: QualityIssue): number {
  if (a.day !== b.day) return a.day < b.day ? -1 : 1;
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  if (a.specId === b.specId) return 0;
  if (a.specId === null) return -1;
  if (b.specId === null) return 1;
  return a.specId - b.specId;
}
