/**
 * A day whose total sales (all specs) are far outside the shop's usual range — a scanner that repeated
 * a line, a file uploaded into the wrong day, a batch of cartons scanned as packs.
 *
 * Rule. Over the days with recorded sales (a day without any sales row is a day without an upload, not a
 * day of zero sales), with at least 14 such days besides the one judged: M = median of the daily totals,
 * MAD = median absolute deviation from M (at least 1 pack). A day is an outlier when
 *   total > M + 6 × MAD  and  total ≥ 3 × M.
 * The day must also be ≥ 3 × the median of the 6 recorded days before it: a festival rush (中秋, 国庆, 春节
 * gift buying lifts a small shop's day 2–3×) builds up over the days before, while a scan error stands alone.
 * Only the high side is flagged: a low day is a quiet day or a partial upload, which the upload-rate
 * indicators already follow. All days form the baseline, not only the same weekday: the weekly rhythm
 * (weekends ≈ +25 %) sits far below 3 × M, and one baseline needs 14 days, not 14 weeks.
 * M and MAD include the judged day; with ≥ 15 days one day cannot move a median enough to matter.
 *
 * Not double-flagged: when looks_times_ten findings on the day's sales account for the excess — the total
 * with their suggested quantities in place of the recorded ones is no outlier — the day is left to them.
 */
import type { PreparedHistory } from './history';
import { medianAbsoluteDeviation, medianOfSorted } from './stats';
import { OUTLIER_DAY } from './thresholds';
import type { TimesTenFinding } from './times-ten';
import type { QualityIssue } from './types';

export function findOutlierDays(history: PreparedHistory, timesTen: readonly TimesTenFinding[]): QualityIssue[] {
  const days: string[] = [];
  const totals: number[] = [];
  history.salesDays.forEach((day, i) => {
    const total = history.salesTotalPacks[i]!;
    if (total > 0) {
      days.push(day);
      totals.push(total);
    }
  });
  if (totals.length - 1 < OUTLIER_DAY.minOtherDays) return [];

  const median = medianOfSorted([...totals].sort((a, b) => a - b));
  const mad = medianAbsoluteDeviation(totals, median);
  const isOutlier = (total: number) =>
    total > median + OUTLIER_DAY.madMultiple * Math.max(mad, OUTLIER_DAY.madFloorPacks) && total >= OUTLIER_DAY.medianMultiple * median;

  const excessExplainedByDay = new Map<string, number>();
  for (const f of timesTen) {
    if (f.flow !== 'sales') continue;
    excessExplainedByDay.set(f.day, (excessExplainedByDay.get(f.day) ?? 0) + f.recordedQtyPacks - f.suggestedQtyPacks);
  }

  const issues: QualityIssue[] = [];
  days.forEach((day, i) => {
    const total = totals[i]!;
    if (!isOutlier(total)) return;
    const aroundMedian = neighbourMedian(totals, i);
    const isOutlierHere = (value: number) => isOutlier(value) && value >= OUTLIER_DAY.medianMultiple * aroundMedian;
    if (!isOutlierHere(total)) return;
    const explained = excessExplainedByDay.get(day);
    if (explained !== undefined && !isOutlierHere(total - explained)) return;
    issues.push({ kind: 'outlier_day', specId: null, day, detail: { totalPacks: total, medianPacks: median, madPacks: mad, nearbyMedianPacks: aroundMedian } });
  });
  return issues;
}

/**
 * Median of the totals of the NEIGHBOURS recorded days just before day i — what the shop saw when it
 * uploaded the day, so the verdict does not change as later days come in. Near the start of the history,
 * where fewer than NEIGHBOURS days precede it, the days just after it fill the gap.
 */
function neighbourMedian(totals: readonly number[], i: number): number {
  const from = Math.max(0, i - OUTLIER_DAY.neighbours);
  const to = Math.min(totals.length - 1, from + OUTLIER_DAY.neighbours);
  const around: number[] = [];
  for (let k = from; k <= to; k++) if (k !== i) around.push(totals[k]!);
  return medianOfSorted(around.sort((a, b) => a - b));
}
