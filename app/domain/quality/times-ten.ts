/**
 * Packs typed as cartons: a day's recorded quantity of a spec that is ten times what really moved
 * (recorded = true × 10). Checked on sales and on receipts, per spec, against the same shop's history.
 *
 * Rule. A day's quantity Q of a spec (one flow: sales or receipts) looks ×10 when
 *   1. the spec has at least 5 *other* days with a nonzero quantity of that flow, whose median is the
 *      typical day T (other days only, so the suspect cannot inflate its own yardstick);
 *   2. Q ≥ 8 × T;
 *   3. Q is a multiple of 10 — true × 10 always is;
 *   4. Q ÷ 10 is a believable day: ≤ max(5 × T, the largest other day) — so ×100 slips or stray numbers
 *      are not offered a ÷ 10 "fix" that would still be wrong — and, when every day of the flow is a whole
 *      number of cartons (receipts of deliveries), Q ÷ 10 is one too;
 *   5. the stock identity does not vouch for Q: when counts of the spec on both sides of the day exist
 *      and that pair agrees within the tolerance, the quantity really moved (a customer bought a whole
 *      carton, a big delivery came) and nothing is reported. While the window is still open (no later
 *      count yet) the suspicion is reported, so the shop can fix it the same day.
 * The suggested fix is Q ÷ 10.
 */
import { closedWindowAround, expectedCount, type SpecHistory, type PreparedHistory } from './history';
import { lowerBound, maxOfSortedWithout, medianOfSortedWithout } from './stats';
import { TIMES_TEN } from './thresholds';
import type { QualityIssue } from './types';

export type Flow = 'sales' | 'receipts';

export interface TimesTenFinding {
  specId: number;
  day: string;
  flow: Flow;
  recordedQtyPacks: number;
  typicalQtyPacks: number;
  suggestedQtyPacks: number;
}

export function findTimesTen(history: PreparedHistory, tolerancePacks: number): TimesTenFinding[] {
  const findings: TimesTenFinding[] = [];
  for (const spec of history.specs) {
    collectForFlow(spec, 'sales', spec.salesPacks, tolerancePacks, findings);
    collectForFlow(spec, 'receipts', spec.receiptsPacks, tolerancePacks, findings);
  }
  return findings;
}

function collectForFlow(spec: SpecHistory, flow: Flow, quantities: readonly number[], tolerancePacks: number, into: TimesTenFinding[]) {
  const nonzero: number[] = [];
  for (const q of quantities) if (q > 0) nonzero.push(q);
  if (nonzero.length - 1 < TIMES_TEN.minOtherDays) return;
  const sorted = nonzero.sort((a, b) => a - b);
  // A candidate must sit far above the median, so only the top of the sorted array can qualify: skip the
  // spec at once when even its largest day is not 8× the median of the others.
  const largest = sorted[sorted.length - 1]!;
  if (largest < TIMES_TEN.minFactorOverTypical * medianOfSortedWithout(sorted, sorted.length - 1)) return;

  // Deliveries come in whole cartons: when every day of this flow is a multiple of 10 packs, a ÷ 10 that is
  // not would be a quantity this spec never moves in (8 cartons after a festival order is not "8 packs").
  const allWholeCartons = sorted.every((q) => q % 10 === 0);

  for (let i = 0; i < quantities.length; i++) {
    const recorded = quantities[i]!;
    if (recorded <= 0 || recorded % 10 !== 0) continue;
    const index = lowerBound(sorted, recorded);
    const typical = medianOfSortedWithout(sorted, index);
    if (recorded < TIMES_TEN.minFactorOverTypical * typical) continue;
    const suggested = recorded / 10;
    if (allWholeCartons && suggested % 10 !== 0) continue;
    const believableMax = Math.max(TIMES_TEN.maxSuggestedOverTypical * typical, maxOfSortedWithout(sorted, index));
    if (suggested > believableMax) continue;
    const day = spec.days[i]!;
    if (identityVouchesFor(spec, day, tolerancePacks)) continue;
    into.push({ specId: spec.specId, day, flow, recordedQtyPacks: recorded, typicalQtyPacks: typical, suggestedQtyPacks: suggested });
  }
}

/** True when the closed count window around the day balances within the tolerance. */
function identityVouchesFor(spec: SpecHistory, day: string, tolerancePacks: number): boolean {
  const opening = closedWindowAround(spec, day);
  if (opening < 0) return false;
  const closing = spec.counts[opening + 1]!;
  const { expectedQtyPacks } = expectedCount(spec, spec.counts[opening]!, closing.day);
  return Math.abs(closing.qtyPacks - expectedQtyPacks) <= tolerancePacks;
}

export function timesTenIssue(finding: TimesTenFinding): QualityIssue {
  return {
    kind: 'looks_times_ten',
    specId: finding.specId,
    day: finding.day,
    detail: {
      flow: finding.flow,
      recordedQtyPacks: finding.recordedQtyPacks,
      typicalQtyPacks: finding.typicalQtyPacks,
      suggestedQtyPacks: finding.suggestedQtyPacks,
    },
  };
}
