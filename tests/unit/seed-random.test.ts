import { describe, expect, it } from 'vitest';
import { Rng, deriveSeed } from '../../db/seed/random';

function draws(rng: Rng, n: number, f: (r: Rng) => number): number[] {
  return Array.from({ length: n }, () => f(rng));
}

function meanOf(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function varianceOf(xs: number[]): number {
  const m = meanOf(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
}

describe('seed PRNG', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const a = draws(new Rng(42), 1000, (r) => r.next());
    const b = draws(new Rng(42), 1000, (r) => r.next());
    const c = draws(new Rng(43), 1000, (r) => r.next());
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('pins the first values of seed 1, so a change to the generator cannot slip by unnoticed', () => {
    const rng = new Rng(1);
    expect(draws(rng, 3, (r) => Math.floor(r.next() * 1e9))).toMatchInlineSnapshot(`
      [
        627073940,
        2735721,
        527447039,
      ]
    `);
  });

  it('derives independent streams from labels, stable across calls', () => {
    expect(deriveSeed(7, 'shop', 1)).toBe(deriveSeed(7, 'shop', 1));
    const seeds = new Set([deriveSeed(7, 'shop', 1), deriveSeed(7, 'shop', 2), deriveSeed(7, 'errors', 1), deriveSeed(8, 'shop', 1), deriveSeed(7, 'shop1')]);
    expect(seeds.size).toBe(5);
  });

  it('draws uniforms in [0, 1) with mean ½ and integers within their bounds', () => {
    const rng = new Rng(5);
    const u = draws(rng, 50_000, (r) => r.next());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(meanOf(u)).toBeCloseTo(0.5, 2);
    const ints = draws(rng, 10_000, (r) => r.int(3, 7));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5, 6, 7]));
  });

  it('samples Poisson counts with mean ≈ variance ≈ λ, for slow and fast specs alike', () => {
    const rng = new Rng(11);
    for (const lambda of [0.2, 3, 12, 80]) {
      const xs = draws(rng, 40_000, (r) => r.poisson(lambda));
      expect(meanOf(xs) / lambda).toBeCloseTo(1, 1);
      expect(varianceOf(xs) / lambda).toBeCloseTo(1, 1);
      expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    }
    // Slow specs sell nothing on most days.
    const slow = draws(rng, 20_000, (r) => r.poisson(0.2));
    expect(slow.filter((x) => x === 0).length / slow.length).toBeCloseTo(Math.exp(-0.2), 1);
  });

  it('samples gamma with mean shape × scale, for shapes below and above 1', () => {
    const rng = new Rng(13);
    for (const [shape, scale] of [
      [0.5, 2],
      [2.5, 1.2],
      [9, 0.5],
    ] as const) {
      const xs = draws(rng, 40_000, (r) => r.gamma(shape, scale));
      expect(meanOf(xs) / (shape * scale)).toBeCloseTo(1, 1);
      expect(varianceOf(xs) / (shape * scale * scale)).toBeCloseTo(1, 0);
    }
  });

  it('samples negative binomial counts with the given mean and extra variance mean²/k', () => {
    const rng = new Rng(17);
    const [mean, k] = [4, 2];
    const xs = draws(rng, 60_000, (r) => r.negativeBinomial(mean, k));
    expect(meanOf(xs) / mean).toBeCloseTo(1, 1);
    expect(varianceOf(xs) / (mean + (mean * mean) / k)).toBeCloseTo(1, 1);
    expect(new Rng(1).negativeBinomial(0, 2)).toBe(0);
  });

  it('gives multiplicative noise with mean 1', () => {
    const xs = draws(new Rng(19), 60_000, (r) => r.lognormalNoise(0.35));
    expect(meanOf(xs)).toBeCloseTo(1, 1);
    expect(xs.every((x) => x > 0)).toBe(true);
  });

  it('picks by weight, and samples distinct indices without replacement favouring heavy ones', () => {
    const rng = new Rng(23);
    const picks = draws(rng, 30_000, (r) => r.weightedIndex([1, 3, 0, 6]));
    expect(picks.filter((i) => i === 2)).toHaveLength(0);
    expect(picks.filter((i) => i === 3).length / picks.length).toBeCloseTo(0.6, 1);

    const weights = [10, 1, 1, 1, 1, 1, 1, 1, 1, 0];
    let heavyTaken = 0;
    for (let i = 0; i < 2000; i++) {
      const sample = rng.weightedSampleWithoutReplacement(weights, 3);
      expect(new Set(sample).size).toBe(3);
      expect(sample).not.toContain(9);
      if (sample.includes(0)) heavyTaken++;
    }
    expect(heavyTaken / 2000).toBeGreaterThan(0.9);
    expect(rng.weightedSampleWithoutReplacement([1, 0, 2], 5).sort()).toEqual([0, 2]);
  });

  it('shuffles into a permutation', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = new Rng(29).shuffle([...items]);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
  });
});
