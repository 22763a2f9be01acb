/**
 * Timing of suggest() for one shop: ~60 specs × 16 weeks of daily history (a county batch of 1,500 shops calls it
 * ~90,000 times; the target is well under 5 ms a shop). Prints the figures; asserts only that the work was done,
 * since timings on a shared CI machine are not a test.
 */
import { describe, expect, it } from 'vitest';
import { suggest } from '~/domain/replenishment/rule';
import type { ReplenishmentInput, SalesDay } from '~/domain/replenishment/types';
import { addDays } from '~/domain/time';

const SPECS_PER_SHOP = 60;
const HISTORY_DAYS = 16 * 7;
const SHOPS = 300;

/** Deterministic PRNG (mulberry32): the same shops every run. */
function randomFrom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poisson(random: () => number, meanPacks: number): number {
  const limit = Math.exp(-meanPacks);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

function shopInputs(seed: number, days: readonly string[]): ReplenishmentInput[] {
  const random = randomFrom(seed);
  return Array.from({ length: SPECS_PER_SHOP }, (_, specIndex) => {
    // Fast, medium and slow specs, weekend peaks, a few stock-outs and a bulk day now and then.
    const dailyPacks = specIndex < 10 ? 3 + random() * 12 : specIndex < 30 ? 0.5 + random() * 2 : random() * 0.4;
    const history: SalesDay[] = days.map((day, i) => {
      const weekend = i % 7 >= 5 ? 1.25 : 1;
      const bulk = random() < 0.005 ? 20 : 0;
      const qtyPacks = poisson(random, dailyPacks * weekend) + bulk;
      return random() < 0.02 ? { day, qtyPacks, censored: true } : { day, qtyPacks };
    });
    return {
      specId: specIndex + 1,
      packsPerCarton: 10,
      capCartons: specIndex % 7 === 0 ? 5 : null,
      discontinued: specIndex === 59,
      isNewSpec: false,
      newSpecStartCartons: null,
      serviceLevel: specIndex < 10 ? 0.98 : 0.95,
      history,
      onHandPacks: random() < 0.05 ? null : Math.floor(random() * 40),
      inTransitPacks: 0,
      protectionDays: 8,
      priorDailyPacks: null,
    };
  });
}

describe('suggest() timing', () => {
  it(`prints the time for ${SHOPS} shops × ${SPECS_PER_SHOP} specs × ${HISTORY_DAYS} days`, () => {
    const days = Array.from({ length: HISTORY_DAYS }, (_, i) => addDays('2026-06-01', i));
    const shops = Array.from({ length: SHOPS }, (_, s) => shopInputs(1000 + s, days));
    for (const shop of shops.slice(0, 20)) for (const input of shop) suggest(input); // warm up the JIT

    const perShopMs: number[] = [];
    let cartons = 0;
    for (const shop of shops) {
      const started = performance.now();
      for (const input of shop) cartons += suggest(input).suggestedCartons;
      perShopMs.push(performance.now() - started);
    }
    perShopMs.sort((a, b) => a - b);
    const totalMs = perShopMs.reduce((sum, ms) => sum + ms, 0);
    const p95Ms = perShopMs[Math.floor(0.95 * perShopMs.length)]!;
    console.log(
      `[replenishment timing] ${SHOPS} shops × ${SPECS_PER_SHOP} specs × ${HISTORY_DAYS} days: ` +
        `mean ${(totalMs / SHOPS).toFixed(3)} ms/shop, p95 ${p95Ms.toFixed(3)} ms/shop, ` +
        `${((totalMs * 1000) / (SHOPS * SPECS_PER_SHOP)).toFixed(1)} µs/suggestion; ` +
        `90,000 suggestions ≈ ${((totalMs / (SHOPS * SPECS_PER_SHOP)) * 90_000).toFixed(0)} ms`,
    );
    expect(cartons).toBeGreaterThan(0);
  });
});
