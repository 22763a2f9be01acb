/**
 * 库存误差: the stock identity between consecutive counts of a spec,
 *   expected(D2) = count(D1) + Σ receipts[D1, D2) − Σ sales[D1, D2),
 * and an issue on D2 when |count(D2) − expected(D2)| > tolerance.
 *
 * Pairs are formed only from counts that list the spec: a spec missing from a count was not counted, so
 * the pairs on either side of that count are skipped (never read as 0).
 *
 * One wrong count, one issue. A count off by δ breaks two pairs: its own (+δ) and the next one (−δ),
 * although the next count is right. So when the previous count was flagged, the current count is also
 * compared with the last count that was *not* flagged, rolled forward over both windows; if it agrees with
 * that one, the flagged count was the wrong one and the current count is not reported. The retailer is
 * asked to fix the count that is wrong, not to "fix" the right one after it. (A wrong *first* count has
 * nothing before it to judge it by, so the pair after it is reported, on the next count's day.)
 */
import { expectedCount, type PreparedHistory, type SpecHistory } from './history';
import type { QualityIssue } from './types';

export function findStockDiscrepancies(history: PreparedHistory, tolerancePacks: number): QualityIssue[] {
  const issues: QualityIssue[] = [];
  for (const spec of history.specs) collectForSpec(spec, tolerancePacks, issues);
  return issues;
}

function collectForSpec(spec: SpecHistory, tolerancePacks: number, into: QualityIssue[]) {
  const { counts } = spec;
  /** Index of the latest count not flagged (the first count is never flagged: nothing precedes it). */
  let lastTrusted = 0;
  let previousFlagged = false;
  for (let i = 1; i < counts.length; i++) {
    const previous = counts[i - 1]!;
    const current = counts[i]!;
    const { expectedQtyPacks, receiptsPacks, salesPacks } = expectedCount(spec, previous, current.day);
    const differencePacks = current.qtyPacks - expectedQtyPacks;
    let flagged = Math.abs(differencePacks) > tolerancePacks;
    if (flagged && previousFlagged) {
      const fromTrusted = expectedCount(spec, counts[lastTrusted]!, current.day);
      if (Math.abs(current.qtyPacks - fromTrusted.expectedQtyPacks) <= tolerancePacks) flagged = false;
    }
    if (flagged) {
      into.push({
        kind: 'stock_discrepancy',
        specId: spec.specId,
        day: current.day,
        detail: {
          previousCountDay: previous.day,
          previousQtyPacks: previous.qtyPacks,
          receiptsPacks,
          salesPacks,
          expectedQtyPacks,
          countedQtyPacks: current.qtyPacks,
          differencePacks,
        },
      });
    } else lastTrusted = i;
    previousFlagged = flagged;
  }
}
