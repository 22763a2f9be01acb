/**
 * Evenness of fill (均衡度, issue 18), pure: how evenly an allocation met the shops' estimated demand. A shop's fill
 * is min(1, allocated ÷ demand), over the shops with demand; evenness = 1 − the Gini coefficient of those fills —
 * 1 when every shop got the same share of its demand, towards 0 when a few got it all and the rest nothing. Across
 * grade bands: the gap between the best- and worst-filled band's 需求满足率, in points of a fraction (0 = even).
 */
export interface FillLine {
  allocatedCartons: number;
  demandCartons: number;
}

export const fillOf = (l: FillLine) => (l.demandCartons > 0 ? Math.min(1, Math.max(0, l.allocatedCartons) / l.demandCartons) : null);

/** 1 − Gini of the shops' fills; null without a shop with demand, 1 when nobody got anything (all equal). */
export function fillEvenness(lines: readonly FillLine[]): number | null {
  const fills = lines
    .map(fillOf)
    .filter((f): f is number => f !== null)
    .sort((a, b) => a - b);
  const n = fills.length;
  if (n === 0) return null;
  const sum = fills.reduce((a, b) => a + b, 0);
  if (sum === 0) return 1;
  // Gini = Σ (2i − n − 1) x_i ÷ (n Σ x), x sorted ascending, i from 1.
  let weighted = 0;
  fills.forEach((x, i) => (weighted += (2 * (i + 1) - n - 1) * x));
  const gini = weighted / (n * sum);
  return Math.round(Math.min(1, Math.max(0, 1 - gini)) * 1000) / 1000;
}

/** Highest − lowest band fill rate, over the bands with demand; null with fewer than two such bands. */
export function bandFillGap(bands: ReadonlyArray<{ demandCartons: number; demandMetCartons: number }>): number | null {
  const rates = bands.filter((b) => b.demandCartons > 0).map((b) => Math.min(1, b.demandMetCartons / b.demandCartons));
  if (rates.length < 2) return null;
  return Math.round((Math.max(...rates) - Math.min(...rates)) * 1000) / 1000;
}
