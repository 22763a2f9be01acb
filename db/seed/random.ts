/**
 * Deterministic randomness for the demo seed. Same seed ⇒ same sequence, on every machine and Node version
 * (only integer arithmetic and Math functions whose results are exact or IEEE-correctly rounded in V8).
 * mulberry32 is tiny and good enough for test data; it is NOT for anything secret.
 */

/** A 32-bit hash of a seed and labels, to give each part of the county its own independent stream. */
export function deriveSeed(seed: number, ...labels: (string | number)[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const label of labels) {
    const text = String(label);
    for (let i = 0; i < text.length; i++) {
      h = Math.imul(h ^ text.charCodeAt(i), 0x85ebca6b) >>> 0;
      h = (h ^ (h >>> 13)) >>> 0;
    }
    h = Math.imul(h ^ 0x2f, 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return h;
}

export class Rng {
  private state: number;
  /** A normal deviate left over from the last Box–Muller pair. */
  private spareNormal: number | null = null;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A child stream that does not disturb this one's sequence beyond one draw. */
  static derived(seed: number, ...labels: (string | number)[]): Rng {
    return new Rng(deriveSeed(seed, ...labels));
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Index drawn with probability proportional to its weight. */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let u = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i]!;
      if (u < 0) return i;
    }
    return weights.length - 1;
  }

  weightedPick<T>(items: readonly T[], weights: readonly number[]): T {
    return items[this.weightedIndex(weights)]!;
  }

  /** Fisher–Yates, in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }

  /**
   * k distinct indices drawn without replacement, each step proportional to weight
   * (Efraimidis–Spirakis keys u^(1/w): one pass, no rebuilding of cumulative sums).
   */
  weightedSampleWithoutReplacement(weights: readonly number[], k: number): number[] {
    const keyed = weights.map((w, index) => ({ index, key: w > 0 ? Math.log(this.next() || Number.MIN_VALUE) / w : -Infinity }));
    keyed.sort((a, b) => b.key - a.key || a.index - b.index);
    return keyed
      .slice(0, Math.min(k, keyed.length))
      .filter((e) => e.key > -Infinity)
      .map((e) => e.index);
  }

  /** Standard normal (Box–Muller, caching the second deviate). */
  normal(): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return z;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** exp(N(0, sigma²)) scaled so that its mean is 1: multiplicative noise that does not bias totals. */
  lognormalNoise(sigma: number): number {
    return Math.exp(sigma * this.normal() - (sigma * sigma) / 2);
  }

  /** Gamma(shape, scale) by Marsaglia–Tsang; shapes below 1 use the boost u^(1/shape). */
  gamma(shape: number, scale: number): number {
    if (shape <= 0 || scale <= 0) return 0;
    if (shape < 1) return this.gamma(shape + 1, scale) * Math.pow(this.next() || Number.MIN_VALUE, 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }

  /**
   * Poisson(mean). Knuth's product method below 30 (exact, ~mean+1 draws); above, a rounded normal, which
   * is within a fraction of a pack of the true law there and keeps the cost flat for the busiest shops.
   */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean < 30) {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.next();
      while (p > limit) {
        k++;
        p *= this.next();
      }
      return k;
    }
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
  }

  /**
   * Negative binomial as a gamma–Poisson mixture: mean `mean`, variance mean + mean²/dispersion.
   * Smaller dispersion = lumpier counts (a customer buying a carton's worth at once, a quiet day after).
   */
  negativeBinomial(mean: number, dispersion: number): number {
    if (!(mean > 0)) return 0;
    return this.poisson(this.gamma(dispersion, mean / dispersion));
  }
}
