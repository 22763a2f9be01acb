/**
 * Safety stock for a target service level over the protection period (T + L days).
 *
 * Demand over the period has mean μ = d̂ × (T + L) and variance v × μ, where v is the variance ÷ mean ratio of
 * the shop's observed daily sales (sample variance, from cleaning.ts's series). Tying the variance to the
 * forecast rather than to the history's own mean keeps the spread in step with the level the rule plans for.
 * The distribution is chosen for small counts:
 *   - v ≤ poissonMaxVarianceToMean (1.1): Poisson(μ) — sales by independent customers; an under-dispersed
 *     history (v < 1, rare and usually a short history) is not trusted to be that regular, and gets Poisson;
 *   - v above it: negative binomial with mean μ and variance v μ — overdispersed (busy and quiet days);
 *   - μ > normalAboveMeanPacks (50): the normal approximation of the same distribution (quantiles.ts).
 * With fewer than dispersionMinObservedDays observed days v is not estimated: fallbackVarianceToMean (1).
 *
 *   quantile = smallest whole k with P(demand over the period ≤ k) ≥ service level
 *   SS = quantile − μ
 * SS may be slightly negative for very slow specs (μ = 0.04: the 95 % quantile is 0): the target is then 0 and
 * nothing is bought for a spec expected to sell a pack in half a year. Clamping SS at 0 would order a whole
 * carton to cover 0.04 packs.
 * Assumed and not modelled: days independent (no runs of busy days), forecast error beyond the daily spread, and
 * the weekday rhythm counted as spread (slightly generous).
 */
import type { ReplenishmentParams } from './params';
import { negativeBinomialQuantile, normalApproxQuantile, poissonQuantile } from './quantiles';
import type { DemandDistribution } from './types';

export interface SafetyStock {
  distribution: DemandDistribution;
  /** Variance ÷ mean used: 1 for Poisson. */
  varianceToMeanRatio: number;
  quantilePacks: number;
  safetyStockPacks: number;
}

/** Sample variance ÷ mean of the observed daily sales; `fallback` with too few days or no sales. */
export function varianceToMeanRatio(demandPacks: ArrayLike<number>, minObservedDays: number, fallback: number): number {
  const n = demandPacks.length;
  if (n < Math.max(2, minObservedDays)) return fallback;
  let sum = 0;
  for (let t = 0; t < n; t++) sum += demandPacks[t]!;
  const mean = sum / n;
  if (!(mean > 0)) return fallback;
  let sumSquares = 0;
  for (let t = 0; t < n; t++) {
    const d = demandPacks[t]! - mean;
    sumSquares += d * d;
  }
  return sumSquares / (n - 1) / mean;
}

export function safetyStockFor(
  meanOverPeriodPacks: number,
  measuredVarianceToMean: number,
  serviceLevel: number,
  params: Pick<ReplenishmentParams, 'poissonMaxVarianceToMean' | 'normalAboveMeanPacks'>,
): SafetyStock {
  if (!(meanOverPeriodPacks > 0)) return { distribution: 'none', varianceToMeanRatio: 1, quantilePacks: 0, safetyStockPacks: 0 };
  const overdispersed = measuredVarianceToMean > params.poissonMaxVarianceToMean;
  const v = overdispersed ? measuredVarianceToMean : 1;
  let distribution: DemandDistribution;
  let quantilePacks: number;
  if (meanOverPeriodPacks > params.normalAboveMeanPacks) {
    distribution = 'normal';
    quantilePacks = normalApproxQuantile(meanOverPeriodPacks, v, serviceLevel);
  } else if (overdispersed) {
    distribution = 'negative_binomial';
    quantilePacks = negativeBinomialQuantile(meanOverPeriodPacks, v, serviceLevel);
  } else {
    distribution = 'poisson';
    quantilePacks = poissonQuantile(meanOverPeriodPacks, serviceLevel);
  }
  return { distribution, varianceToMeanRatio: v, quantilePacks, safetyStockPacks: quantilePacks - meanOverPeriodPacks };
}
