/**
 * Quantiles of demand distributions, without dependencies.
 *
 * - normalQuantile: Acklam's rational approximation of Φ⁻¹ (relative error < 1.2e-9 over (0, 1)).
 * - poissonQuantile, negativeBinomialQuantile: the smallest whole k with P(X ≤ k) ≥ probability, by summing
 *   the pmf from 0 with the ratio recurrence kept in log space: pmf(0) = e^(−μ) underflows to 0 beyond μ ≈ 745,
 *   where a linear recurrence would stay 0 for ever, while log pmf stays exact and exp() of each term is only
 *   taken once it matters.
 * - normalApproxQuantile: the same discrete quantile for large means from the normal distribution with a
 *   continuity correction (−0.5) and a one-term Cornish–Fisher correction for skewness, z + (z² − 1)γ/6.
 *   Counts are skewed to the right; without it the normal quantile sits 1–2 packs below the exact one for
 *   overdispersed demand, and switching to it at a threshold would lower the target as demand grows past it.
 */

// P. J. Acklam, "An algorithm for computing the inverse normal cumulative distribution function" (2003).
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239] as const;
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1] as const;
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783] as const;
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416] as const;
const P_LOW = 0.02425;

function assertProbability(probability: number) {
  if (!(probability > 0 && probability < 1)) throw new RangeError(`probability must be in (0, 1), got ${probability}`);
}

/** Φ⁻¹(probability): the standard normal quantile. */
export function normalQuantile(probability: number): number {
  assertProbability(probability);
  if (probability < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(probability));
    return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  if (probability > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log(1 - probability));
    return -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  const q = probability - 0.5;
  const r = q * q;
  return ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

/** Terms beyond mean + 40 sd hold nothing a float can add; stop there whatever the probability asked. */
function lastTerm(meanPacks: number, variancePacks2: number): number {
  return Math.ceil(meanPacks + 40 * Math.sqrt(variancePacks2) + 100);
}

/** Smallest whole k with P(X ≤ k) ≥ probability for X ~ Poisson(meanPacks). */
export function poissonQuantile(meanPacks: number, probability: number): number {
  assertProbability(probability);
  if (!(meanPacks > 0)) return 0;
  const logMean = Math.log(meanPacks);
  const stop = lastTerm(meanPacks, meanPacks);
  let logPmf = -meanPacks;
  let cdf = Math.exp(logPmf);
  let k = 0;
  while (cdf < probability && k < stop) {
    k++;
    logPmf += logMean - Math.log(k);
    cdf += Math.exp(logPmf);
  }
  return k;
}

/**
 * Smallest whole k with P(X ≤ k) ≥ probability for X negative binomial with the given mean and variance ÷ mean
 * (> 1; at most 1 falls back to Poisson). With p = 1 / varianceToMean and r = mean ÷ (varianceToMean − 1):
 * pmf(0) = p^r, pmf(k + 1) = pmf(k) × (k + r) ÷ (k + 1) × (1 − p).
 */
export function negativeBinomialQuantile(meanPacks: number, varianceToMean: number, probability: number): number {
  assertProbability(probability);
  if (!(meanPacks > 0)) return 0;
  if (!(varianceToMean > 1)) return poissonQuantile(meanPacks, probability);
  const successProbability = 1 / varianceToMean;
  const size = meanPacks / (varianceToMean - 1);
  const logFailure = Math.log(1 - successProbability);
  const stop = lastTerm(meanPacks, meanPacks * varianceToMean);
  let logPmf = size * Math.log(successProbability);
  let cdf = Math.exp(logPmf);
  let k = 0;
  while (cdf < probability && k < stop) {
    logPmf += Math.log(k + size) - Math.log(k + 1) + logFailure;
    k++;
    cdf += Math.exp(logPmf);
  }
  return k;
}

/**
 * Normal approximation of the discrete quantile above, for large means: the smallest whole k with
 * Φ((k + 0.5 − μ) ÷ σ) ≥ probability after a Cornish–Fisher skewness correction of z, where σ² = v μ and the
 * skewness of the negative binomial (Poisson at v = 1) is γ = (2v − 1) ÷ √(v μ).
 */
export function normalApproxQuantile(meanPacks: number, varianceToMean: number, probability: number): number {
  assertProbability(probability);
  if (!(meanPacks > 0)) return 0;
  const v = Math.max(1, varianceToMean);
  const sdPacks = Math.sqrt(v * meanPacks);
  const skewness = (2 * v - 1) / sdPacks;
  const z = normalQuantile(probability);
  const zCorrected = z + ((z * z - 1) * skewness) / 6;
  return Math.max(0, Math.ceil(meanPacks + zCorrected * sdPacks - 0.5));
}

/** Φ(x), the standard normal distribution function (W. J. Cody's erfc via a rational Chebyshev fit, |error| < 1.2e-7). */
export function normalCdf(x: number): number {
  // Numerical Recipes' erfc (Chebyshev), fractional error < 1.2e-7 everywhere.
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/**
 * P(X > k) for k = from, from + 1, …, from + count − 1 (whole k ≥ 0), X ~ negative binomial with the given mean
 * and variance ÷ mean (Poisson at ≤ 1), by the same log-space pmf recurrence as the quantiles.
 */
export function countSurvival(meanPacks: number, varianceToMean: number, from: number, count: number): number[] {
  const out: number[] = [];
  if (!(meanPacks > 0)) return new Array<number>(count).fill(0);
  const poisson = !(varianceToMean > 1);
  const successProbability = poisson ? 0 : 1 / varianceToMean;
  const size = poisson ? 0 : meanPacks / (varianceToMean - 1);
  const logFailure = poisson ? 0 : Math.log(1 - successProbability);
  const logMean = Math.log(meanPacks);
  let logPmf = poisson ? -meanPacks : size * Math.log(successProbability);
  let cdf = Math.exp(logPmf);
  const last = from + count - 1;
  for (let k = 0; k <= last; k++) {
    if (k >= from) out.push(Math.max(0, 1 - cdf));
    logPmf += poisson ? logMean - Math.log(k + 1) : Math.log(k + size) - Math.log(k + 1) + logFailure;
    cdf += Math.exp(logPmf);
  }
  return out;
}
