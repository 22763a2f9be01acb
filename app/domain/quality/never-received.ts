/**
 * Sales of a spec the shop never received — usually a pack scanned under the wrong spec's barcode.
 *
 * Rule. A spec is flagged once, on its first recorded sales day D, when all of these hold:
 *   1. no receipt of the spec on or before D;
 *   2. no count on or before D shows the spec above zero;
 *   3. some count on or before D lists other specs and shows this one at 0 or not at all (the evidence
 *      that the shop had none: "not at all" counts here, because shops and POS exports usually leave out
 *      what is not on the shelf).
 * Only the spec's *first* sale is judged. Any later sale follows either a receipt or that earlier sale, and
 * a shop that sold the spec evidently had some; running out again is a negative-stock matter, not this one.
 *
 * Why condition 3: a history is a window. A shop's first recorded days sell stock that arrived before the
 * window began, with no receipt and no count in the window to show it; without a count before the sale
 * those days cannot be judged, and flagging them would raise a false alarm on every new or demo shop.
 */
import type { CountSummary, PreparedHistory } from './history';
import type { QualityIssue } from './types';

export function findSalesNeverReceived(history: PreparedHistory): QualityIssue[] {
  const issues: QualityIssue[] = [];
  const nonEmptyCounts = history.counts.filter((c) => c.qtyBySpec.size > 0);
  if (nonEmptyCounts.length === 0) return issues;
  for (const spec of history.specs) {
    const firstSale = spec.salesPacks.findIndex((qty) => qty > 0);
    if (firstSale < 0) continue;
    const saleDay = spec.days[firstSale]!;
    // Flow days are ascending, so any receipt on or before the first sale sits at an index ≤ firstSale.
    let received = false;
    for (let i = 0; i <= firstSale && !received; i++) received = spec.receiptsPacks[i]! > 0;
    if (received) continue;
    if (spec.counts.some((c) => c.day <= saleDay && c.qtyPacks > 0)) continue;
    const evidence = latestCountOnOrBefore(nonEmptyCounts, saleDay);
    if (!evidence) continue;
    issues.push({
      kind: 'sales_never_received',
      specId: spec.specId,
      day: saleDay,
      detail: {
        salesPacks: spec.salesPacks[firstSale]!,
        evidenceCountDay: evidence.day,
        /** 0 when the count listed the spec at zero, null when it did not list it. */
        evidenceCountQtyPacks: evidence.qtyBySpec.get(spec.specId) ?? null,
      },
    });
  }
  return issues;
}

function latestCountOnOrBefore(counts: readonly CountSummary[], day: string): CountSummary | undefined {
  let found: CountSummary | undefined;
  for (const c of counts) {
    if (c.day > day) break;
    found = c;
  }
  return found;
}
