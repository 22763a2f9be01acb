/**
 * Quantiles (golden values from tests/fixtures/forecast/quantiles.json), the normal approximation against the
 * exact sums, stability for large means, and the safety stock's choice of distribution.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_REPLENISHMENT_PARAMS as P } from '~/domain/replenishment/params';
import { countSurvival, negativeBinomialQuantile, normalApproxQuantile, normalCdf, normalQuantile, poissonQuantile } from '~/domain/replenishment/quantiles';
import { safetyStockFor, varianceToMeanRatio } from '~/domain/replenishment/safety-stock';
import golden from '../fixtures/forecast/quantiles.json';

describe('quantiles', () => {
  it.each(golden.poisson)('Poisson($meanPacks) at $probability = $expectedQuantilePacks', (c) => {
    expect(poissonQuantile(c.meanPacks, c.probability)).toBe(c.expectedQuantilePacks);
  });

  it.each(golden.negativeBinomial)('negative binomial (mean $meanPacks, variance ÷ mean $varianceToMean) = $expectedQuantilePacks', (c) => {
    expect(negativeBinomialQuantile(c.meanPacks, c.varianceToMean, c.probability)).toBe(c.expectedQuantilePacks);
  });

  it.each(golden.normal)('Φ⁻¹($probability) within Acklam\'s accuracy', (c) => {
    expect(Math.abs(normalQuantile(c.probability) - c.expected)).toBeLessThan(5e-9);
  });

  it('refuses probabilities outside (0, 1) and gives 0 for no demand', () => {
    expect(() => normalQuantile(1)).toThrow(RangeError);
    expect(() => poissonQuantile(3, 0)).toThrow(RangeError);
    expect(poissonQuantile(0, 0.95)).toBe(0);
    expect(negativeBinomialQuantile(0, 3, 0.95)).toBe(0);
    expect(normalApproxQuantile(0, 3, 0.95)).toBe(0);
  });

  it('negative binomial with variance ÷ mean ≤ 1 is Poisson, and approaches Poisson as it nears 1', () => {
    expect(negativeBinomialQuantile(6, 1, 0.95)).toBe(poissonQuantile(6, 0.95));
    expect(negativeBinomialQuantile(6, 1.000001, 0.95)).toBe(poissonQuantile(6, 0.95));
    expect(negativeBinomialQuantile(6, 3, 0.95)).toBeGreaterThan(poissonQuantile(6, 0.95));
  });

  it('sums in log space: a mean whose e^(−μ) underflows still gives the right quantile', () => {
    expect(Math.exp(-1000)).toBe(0);
    const q = poissonQuantile(1000, 0.95);
    // Normal approximation with continuity correction: 1000 + 1.645 × 31.62 − 0.5 ≈ 1051.5; the exact value is 1052.
    expect(q).toBe(1052);
    expect(negativeBinomialQuantile(1000, 2, 0.95)).toBe(normalApproxQuantile(1000, 2, 0.95));
  });

  it('the normal approximation (continuity and skewness corrected) is within 1 pack of the exact sums from 50 packs on', () => {
    let worstPacks = 0;
    for (let mean = 50; mean <= 400; mean += 7.3) {
      for (const v of [1, 1.5, 2, 3, 5]) {
        for (const level of [0.8, 0.9, 0.95, 0.98, 0.99]) {
          const exact = v === 1 ? poissonQuantile(mean, level) : negativeBinomialQuantile(mean, v, level);
          worstPacks = Math.max(worstPacks, Math.abs(normalApproxQuantile(mean, v, level) - exact));
        }
      }
    }
    expect(worstPacks).toBeLessThanOrEqual(1);
  });
});

describe('survival and the normal distribution function (for the carton check)', () => {
  it('Φ inverts Φ⁻¹ to 1e-7', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(-1.959963984540054)).toBeCloseTo(0.025, 7);
    for (const p of [0.001, 0.05, 0.3, 0.5, 0.8, 0.95, 0.999]) expect(Math.abs(normalCdf(normalQuantile(p)) - p)).toBeLessThan(2e-7);
  });

  it('P(X > k) agrees with the quantiles: the quantile is the first k with P(X > k) ≤ 1 − p', () => {
    for (const [mean, v] of [[0.3, 1], [4, 1], [12.5, 1], [4, 3], [30, 2.5]] as const) {
      const survival = countSurvival(mean, v, 0, 120);
      // Poisson(4): P(X > 0) = 1 − e^−4.
      if (mean === 4 && v === 1) expect(survival[0]).toBeCloseTo(1 - Math.exp(-4), 12);
      for (const p of [0.5, 0.9, 0.95, 0.99]) {
        const q = v === 1 ? poissonQuantile(mean, p) : negativeBinomialQuantile(mean, v, p);
        expect(survival[q]!).toBeLessThanOrEqual(1 - p + 1e-12);
        if (q > 0) expect(survival[q - 1]!).toBeGreaterThan(1 - p);
      }
      // From an offset: the same values.
      expect(countSurvival(mean, v, 7, 5)).toEqual(survival.slice(7, 12));
      // Σ_k P(X > k) = E[X].
      expect(survival.reduce((a, b) => a + b, 0)).toBeCloseTo(mean, 6);
    }
    expect(countSurvival(0, 1, 0, 3)).toEqual([0, 0, 0]);
  });
});

describe('varianceToMeanRatio', () => {
  it('is the sample variance over the mean, with a fallback for short or empty histories', () => {
    // mean 2, sample variance (1 + 1 + 1 + 1) / 3 = 4/3 → ratio 2/3.
    expect(varianceToMeanRatio([1, 3, 1, 3], 2, 9)).toBeCloseTo(2 / 3, 12);
    expect(varianceToMeanRatio([1, 3, 1, 3], 14, 9)).toBe(9);
    expect(varianceToMeanRatio(Array<number>(20).fill(0), 14, 9)).toBe(9);
  });
});

describe('safetyStockFor', () => {
  it('uses Poisson up to a variance ÷ mean of 1.1 (under-dispersion included), negative binomial above, normal over 50 packs', () => {
    expect(safetyStockFor(4, 0.5, 0.95, P)).toEqual({ distribution: 'poisson', varianceToMeanRatio: 1, quantilePacks: 8, safetyStockPacks: 4 });
    expect(safetyStockFor(4, 1.1, 0.95, P).distribution).toBe('poisson');
    expect(safetyStockFor(2, 2, 0.95, P)).toEqual({ distribution: 'negative_binomial', varianceToMeanRatio: 2, quantilePacks: 6, safetyStockPacks: 4 });
    const large = safetyStockFor(80, 2, 0.95, P);
    expect(large.distribution).toBe('normal');
    expect(large.quantilePacks).toBe(normalApproxQuantile(80, 2, 0.95));
    expect(safetyStockFor(0, 2, 0.95, P)).toEqual({ distribution: 'none', varianceToMeanRatio: 1, quantilePacks: 0, safetyStockPacks: 0 });
  });

  it('lets the safety stock go slightly negative for a spec expected to sell almost nothing, so nothing is bought for it', () => {
    const s = safetyStockFor(0.04, 1, 0.95, P);
    expect(s.quantilePacks).toBe(0);
    expect(s.safetyStockPacks).toBeCloseTo(-0.04, 12);
  });

  it('rises with the service level and the spread', () => {
    expect(safetyStockFor(10, 1, 0.99, P).safetyStockPacks).toBeGreaterThan(safetyStockFor(10, 1, 0.9, P).safetyStockPacks);
    expect(safetyStockFor(10, 4, 0.95, P).safetyStockPacks).toBeGreaterThan(safetyStockFor(10, 1, 0.95, P).safetyStockPacks);
  });
});
